/**
 * A server instance for one test file: the real server on a free port, against the run's Neo4j.
 */
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/server';
import { Graph } from '../../src/store/graph';
import type { Stores } from '../../src/store/stores';
import type { HomeTimelines } from '../../src/domain/timelines/home-timelines';
import type { LiveFeeds } from '../../src/domain/live/live-feeds';
import { createServices } from '../../src/services';
import { deleteKeys, testKeyPrefix } from './test-redis';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; stacktrace?: unknown } }[];
}

export interface TestServer {
  url: string;
  baseUrl: string;
  stores: Stores;
  graph: Graph;
  config: Config;
  timelines: HomeTimelines;
  live: LiveFeeds;
  /** Sends a GraphQL request, signed in when `token` is given. */
  request<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/**
 * Starts a server; its timelines are cached in memory unless `environment` sets REDIS_URL (then
 * under a key prefix of its own, removed on stop).
 */
export async function startTestServer(environment: Record<string, string> = {}): Promise<TestServer> {
  const { REDIS_URL: _ignored, ...inherited } = process.env;
  const config = loadConfig({
    // Rate limits off unless a test turns them on: the suites sign up many users from one address.
    ...inherited,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_KEY_PREFIX: testKeyPrefix(),
    RATE_LIMITS: 'off',
    ...environment,
  });
  const graph = Graph.connect({ ...config.neo4j, uri: config.neo4j.uri! });
  const logger = createLogger('silent');
  const services = createServices(config, graph, logger);
  // Tests that use Redis expect it in use from their first request (a server serves from Neo4j until then).
  if (config.timelines.redisUrl) await services.cachesConnected(3_000);
  const { stores, timelines, live } = services;
  const server = await startServer({ config, ...services, logger });
  return {
    url: server.url,
    baseUrl: server.url.replace(/\/graphql$/, ''),
    stores,
    graph,
    config,
    async request(query, variables, token) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    timelines,
    live,
    async stop() {
      await server.stop();
      await services.close();
      await graph.close();
      if (config.timelines.redisUrl) await deleteKeys(config.timelines.redisKeyPrefix, config.timelines.redisUrl);
    },
  };
}
