/**
 * Entry point for `npm start`: reads the config, connects to Neo4j (starting the local one when
 * NEO4J_URI is unset), applies the schema, serves (in several worker processes when
 * `config.workers` says so, see workers.ts), and shuts down cleanly on SIGTERM or SIGINT.
 */
import { ConfigError, loadConfig, withLocalJwtSecret } from './config';
import { createLogger } from './logger';
import { PROJECT_ROOT } from './project-root';
import { startServer } from './server';
import { Graph } from './store/graph';
import { MissingToolError } from './store/local-neo4j/launcher';
import { startLocalNeo4j, type LocalNeo4j } from './store/local-neo4j/local-neo4j';
import { createServices } from './services';
import { isWorker, startWorkers } from './workers';
import { clusterScraper, PrometheusMetrics } from './metrics/prometheus-metrics';
import { serveMetrics } from './metrics/metrics-server';

/** How often the timeline outbox is checked for work a crashed instance left undone. */
const OUTBOX_SETTLE_INTERVAL_MS = 15_000;
const REDIS_START_WAIT_MS = 5_000;

async function main(): Promise<void> {
  // Without JWT_SECRET, development signs with the checkout's own key (.neo4j/jwt-secret), which
  // the primary hands to its workers; a worker always has JWT_SECRET from its primary.
  const { environment, secretFile } = withLocalJwtSecret(process.env, PROJECT_ROOT);
  const config = loadConfig(environment);
  const logger = createLogger(config.logLevel);
  if (secretFile) logger.info({ secretFile }, 'JWT_SECRET is not set: signing with the key kept in the local store');

  const cleanups: (() => Promise<void>)[] = [];
  const shutdown = once(async (signal: string) => {
    logger.info({ signal }, 'Shutting down');
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'Error during shutdown'));
    }
    process.exit(0);
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  let uri = config.neo4j.uri;
  // A worker's primary has started Neo4j and applied the schema, and passed the URI on.
  if (!uri || !isWorker()) {
    if (!uri) {
      const local: LocalNeo4j = await startLocalNeo4j({ ...config.localNeo4j, projectRoot: PROJECT_ROOT, logger });
      cleanups.push(() => local.stop());
      uri = local.uri;
    }
    const schemaGraph = Graph.connect({ ...config.neo4j, uri });
    await schemaGraph.applySchema().finally(() => schemaGraph.close());
  }
  const metricsPort = config.metrics.port;
  if (config.workers > 1 && !isWorker()) {
    // The primary serves no API, but it answers the metrics: every worker's, added up.
    if (metricsPort !== undefined) {
      const metricsServer = await serveMetrics({ ...config.metrics, port: metricsPort }, clusterScraper(), logger);
      cleanups.push(() => metricsServer.close());
    }
    const workers = startWorkers(config.workers, { NEO4J_URI: uri, JWT_SECRET: config.jwtSecret }, logger);
    cleanups.push(() => workers.stop());
    return;
  }

  // Measured only where someone can read it (METRICS_PORT): by this process's own metrics server,
  // or by the primary's, which asks its workers. Served from the start and closed last, so a
  // scrape sees the start-up and the shutdown too.
  const metrics = metricsPort === undefined ? undefined : new PrometheusMetrics();
  if (metrics && isWorker()) metrics.shareWithPrimary();
  if (metrics && metricsPort !== undefined && !isWorker()) {
    const metricsServer = await serveMetrics({ ...config.metrics, port: metricsPort }, metrics.scrape, logger);
    cleanups.push(() => metricsServer.close());
  }
  const graph = Graph.connect({ ...config.neo4j, uri }, metrics);
  cleanups.push(() => graph.close());
  const services = createServices(config, graph, logger, metrics);
  cleanups.push(() => services.close());
  // Redis is a cache, so the server starts without it, serving from Neo4j; but it waits a moment for
  // it, since every cache write skipped before it answers starts a new cache epoch for every instance.
  if (!(await services.cachesConnected(REDIS_START_WAIT_MS))) logger.warn('Redis does not answer: serving from Neo4j until it does');
  const stopSettling = services.timelines.startSettling(OUTBOX_SETTLE_INTERVAL_MS);

  const server = await startServer({ config, ...services, logger, metrics });
  cleanups.push(async () => {
    stopSettling();
    await server.stop();
  });
}

function once<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  let running: Promise<void> | undefined;
  return (...args: A) => (running ??= action(...args));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MissingToolError) {
    // A plain line for a person at a terminal, not a JSON log record or a stack trace.
    process.stderr.write(`${error.message}\n`);
  } else {
    createLogger('error').fatal({ err: error }, 'Failed to start');
  }
  process.exit(1);
});
