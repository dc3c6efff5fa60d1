/**
 * A server instance for one test file: the real server on a free port, against the run's Neo4j.
 */
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/server';
import { Graph } from '../../src/store/graph';
import { createStores, type Stores } from '../../src/store/stores';

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
  /** Sends a GraphQL request, signed in when `token` is given. */
  request<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function startTestServer(environment: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', ...environment });
  const graph = Graph.connect({ ...config.neo4j, uri: config.neo4j.uri! });
  const stores = createStores(graph);
  const server = await startServer({ config, stores, logger: createLogger('silent') });
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
    async stop() {
      await server.stop();
      await graph.close();
    },
  };
}
