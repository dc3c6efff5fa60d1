/**
 * A Neo4j of one's own
 *
 * For the fault tests and the soak, which stop the database under load: a local Neo4j in a store
 * of its own on a free Bolt port, which can be stopped and started again on the same port and
 * store, so that a server pointed at it keeps its NEO4J_URI across the outage.
 */
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { PROJECT_ROOT } from '../../src/project-root';
import { startLocalNeo4j, type LocalNeo4j } from '../../src/store/local-neo4j/local-neo4j';

export interface OwnNeo4j {
  uri: string;
  /** Whether it is running now. */
  readonly running: boolean;
  /** Shuts it down (cleanly: the store stays consistent, as after a crash it would be recovered). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
}

export async function startOwnNeo4j(storeName: string, logger: Logger): Promise<OwnNeo4j> {
  const settings = { ...loadConfig({ ...process.env, NODE_ENV: 'test' }).localNeo4j, projectRoot: PROJECT_ROOT, storeName, logger };
  let server: LocalNeo4j | undefined = await startLocalNeo4j({ ...settings, boltPort: 0, fresh: true });
  const uri = server.uri;
  const port = Number(new URL(uri).port);
  return {
    uri,
    get running() {
      return server !== undefined;
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      if (server) return;
      const started = await startLocalNeo4j({ ...settings, boltPort: port, fresh: false });
      if (started.uri !== uri) {
        await started.stop();
        throw new Error(`Neo4j came back at ${started.uri}, not at ${uri}: the port was taken meanwhile.`);
      }
      server = started;
    },
  };
}
