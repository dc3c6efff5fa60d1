/**
 * Starts one real Neo4j for the whole test run (a fresh store in `.neo4j/data/test`, or the folder
 * TEST_NEO4J_STORE names, so two runs side by side do not wipe each other's), unless NEO4J_URI
 * points at one already, applies the schema, and hands its URI to the test workers. Likewise a
 * three-master Redis Cluster for the suites that run against one (unless TEST_REDIS_CLUSTER_NODES
 * names one already): its nodes go to the workers in TEST_REDIS_CLUSTER_NODES.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { PROJECT_ROOT } from '../src/project-root';
import { Graph } from '../src/store/graph';
import { startLocalNeo4j, type LocalNeo4j } from '../src/store/local-neo4j/local-neo4j';
import { startRedisCluster, type RedisCluster } from './support/redis-cluster';
import { required } from './support/required';

declare global {
  var localNeo4j: LocalNeo4j | undefined;
  var testRedisCluster: RedisCluster | undefined;
}

export default async function globalSetup(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  if (!config.neo4j.uri) {
    const logger = createLogger('warn');
    globalThis.localNeo4j = await startLocalNeo4j({
      ...config.localNeo4j,
      boltPort: 0,
      projectRoot: PROJECT_ROOT,
      storeName: process.env.TEST_NEO4J_STORE ?? 'test',
      fresh: true,
      logger,
    });
    process.env.NEO4J_URI = globalThis.localNeo4j.uri;
  }
  if (!process.env.TEST_REDIS_CLUSTER_NODES) {
    globalThis.testRedisCluster = await startRedisCluster();
    process.env.TEST_REDIS_CLUSTER_NODES = globalThis.testRedisCluster.nodeList;
  }
  const graph = Graph.connect({ ...config.neo4j, uri: required(process.env.NEO4J_URI, 'NEO4J_URI') });
  try {
    await graph.applySchema();
  } finally {
    await graph.close();
  }
}
