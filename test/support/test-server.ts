/**
 * A server instance for one test file: the real server on a free port, against the run's Neo4j.
 */
import { randomBytes } from 'node:crypto';

import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/server';
import { Graph } from '../../src/store/graph';
import type { Stores } from '../../src/store/stores';
import type { HomeTimelines } from '../../src/domain/timelines/home-timelines';
import type { LiveFeeds } from '../../src/domain/live/live-feeds';
import { createServices } from '../../src/services';
import { redisTarget } from '../../src/store/shared-stores';
import { deleteTestKeys, TEST_REDIS_URL, testKeyPrefix } from './test-redis';
import { required } from './required';

declare const dataType: unique symbol;

/**
 * A GraphQL operation's text together with the type of the `data` it answers, declared once next
 * to the text (`const TWEET = operation<{ tweet: Tweet | null }>('query Tweet...')`), so that
 * every request of it reads typed data.
 */
export type Operation<Data> = string & { readonly [dataType]: Data };

export function operation<Data>(text: string): Operation<Data> {
  return text as Operation<Data>;
}

export interface GraphQLErrorJson {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; stacktrace?: unknown; [key: string]: unknown };
}

export interface GraphQLResponse<T = unknown> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorJson[];
}

/**
 * The data of a response the test expects to carry some (partial errors allowed): throws with the
 * errors when it has none, where reading a field of it would have thrown anyway.
 */
export function dataOf<T>(response: { data?: T | null; errors?: GraphQLErrorJson[] }): T {
  if (response.data == null) throw new Error(`The response has no data: ${JSON.stringify(response.errors)}`);
  return response.data;
}

export interface TestServer {
  url: string;
  baseUrl: string;
  stores: Stores;
  graph: Graph;
  config: Config;
  timelines: HomeTimelines;
  live: LiveFeeds;
  /**
   * Sends a GraphQL request, signed in when `token` is given. An `Operation` types the answer's
   * data; a plain string (an operation written inline) leaves it `unknown`.
   */
  request<T = unknown>(query: Operation<T> | string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** The data of a request that must succeed: throws with the errors when there are any or no data. */
  data<T>(query: Operation<T>, variables?: Record<string, unknown>, token?: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The two ways a single server keeps what instances would share (records, timelines): in its own
 * memory, or in Redis. For `describe.each`, with the environment `startTestServer` takes.
 */
export const SHARED_STORE_MODES: [string, Record<string, string>][] = [
  ['in memory', {}],
  ['in Redis', { REDIS_URL: TEST_REDIS_URL }],
];

/** One signing key for every server a test file starts, as the instances of one deployment share theirs. */
const TEST_JWT_SECRET = randomBytes(32).toString('base64url');

/**
 * Starts a server; its timelines are cached in memory unless `environment` sets REDIS_URL or
 * REDIS_CLUSTER_NODES (then under a key prefix of its own, removed on stop).
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
    JWT_SECRET: TEST_JWT_SECRET,
    ...environment,
  });
  const graph = Graph.connect({ ...config.neo4j, uri: required(config.neo4j.uri, 'a Neo4j URI') });
  const logger = createLogger('silent');
  const services = createServices(config, graph, logger);
  // Tests that use Redis expect it in use from their first request (a server serves from Neo4j until then).
  const redis = redisTarget(config.timelines);
  if (redis) await services.cachesConnected(3_000);
  const { stores, timelines, live } = services;
  const server = await startServer({ config, ...services, logger });
  return {
    url: server.url,
    baseUrl: server.url.replace(/\/graphql$/, ''),
    stores,
    graph,
    config,
    request: (query: string, variables?: Record<string, unknown>, token?: string) => send(server.url, query, variables, token),
    async data<T>(query: Operation<T>, variables?: Record<string, unknown>, token?: string): Promise<T> {
      const response = await send<T>(server.url, query, variables, token);
      if (response.errors !== undefined || response.data == null) throw new Error(`The request failed: ${JSON.stringify(response.errors)}`);
      return response.data;
    },
    timelines,
    live,
    async stop() {
      await server.stop();
      await services.close();
      await graph.close();
      if (redis) await deleteTestKeys(redis, config.timelines.redisKeyPrefix);
    },
  };
}

async function send<T>(url: string, query: string, variables: Record<string, unknown> | undefined, token: string | undefined): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  // The server's JSON, trusted to be a GraphQL response: the assertions check its shape.
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<T>, 'status'>) };
}
