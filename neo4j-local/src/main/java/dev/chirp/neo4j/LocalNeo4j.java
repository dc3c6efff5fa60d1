package dev.chirp.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * A real Neo4j Community server for local development and tests: the embedded DBMS with its Bolt
 * connector listening on loopback, so that neo4j-driver talks to it like to any other server.
 *
 * <p>Usage: {@code LocalNeo4j <homeDir> <boltPort> <pageCacheMb>}. Prints {@code READY <boltUri>}
 * once a query has run. Stops when its standard input closes (the parent Node process exited, even
 * by SIGKILL) or on SIGTERM, so a local Neo4j never outlives the process that started it and never
 * holds the store lock for nobody.
 */
public final class LocalNeo4j {
    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalNeo4j <homeDir> <boltPort> <pageCacheMb>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int boltPort = Integer.parseInt(args[1]);
        long pageCacheBytes = Long.parseLong(args[2]) * 1024L * 1024L;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                // Loopback only, one developer's machine: no credentials to manage.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                .build();

        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "local-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + boltPort);
        System.out.flush();

        waitForEndOfInput(System.in);
        System.exit(0); // runs the shutdown hook
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // Input is only a lifeline to the parent; its content is ignored.
            }
        } catch (IOException closed) {
            // The parent is gone either way.
        }
    }
}
