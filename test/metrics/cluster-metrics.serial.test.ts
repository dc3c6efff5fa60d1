/**
 * With WEB_CONCURRENCY=2 the primary serves GET /metrics on METRICS_PORT with every worker's
 * metrics added up (prom-client's AggregatorRegistry): requests spread over both workers are
 * counted once each, whichever served them.
 */
import { OTHER } from '../../src/metrics/prometheus-metrics';
import { freePort } from '../../src/store/local-neo4j/local-neo4j';
import { eventually } from '../support/eventually';
import { scrape, sumOf, valueOf } from '../support/prometheus-text';
import { required } from '../support/required';
import { graphqlOnNewConnection, killServerProcesses, signUpAt, startServerProcess, waitForHealth, type ServerProcess } from '../support/server-process';
import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from '../support/test-redis';
import { dataOf, operation } from '../support/test-server';

jest.setTimeout(240_000);

// A name the web app sends (src/metrics/web-app-operations.ts), so that it has a series of its own.
const PROBE = operation<{ __typename: string }>('query Viewer { __typename }');
const REQUESTS = 12;

const PREFIX = testKeyPrefix();

afterAll(async () => {
  killServerProcesses();
  await deleteKeys(PREFIX);
});

/** The pids that logged a line `msg` (for requests: of operation `operationName`). */
function pidsLogging(server: ServerProcess, msg: string, operationName?: string): number[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`) && (operationName === undefined || line.includes(`"operationName":"${operationName}"`)))
    .map((line) => (JSON.parse(line) as { pid: number }).pid);
}

it("the primary serves both workers' metrics added up", async () => {
  const metricsPort = await freePort();
  const server = await startServerProcess({
    NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    WEB_CONCURRENCY: '2',
    METRICS_PORT: String(metricsPort),
  });
  await waitForHealth(server);
  // A worker answers the primary's scrapes from its start; both must be up for a scrape to answer.
  const workers = await eventually(
    async () => pidsLogging(server, 'Server ready'),
    (pids) => pids.length === 2,
    { what: 'both workers to be ready' },
  );
  expect(pidsLogging(server, 'Metrics ready')).toEqual([server.child.pid]);

  await signUpAt(server.port, 'clm');
  // Each on a new connection, which the primary hands to the workers in turn.
  for (let index = 0; index < REQUESTS; index++) {
    expect(dataOf(await graphqlOnNewConnection(`http://127.0.0.1:${server.port}/graphql`, PROBE, {})).__typename).toBe('Query');
  }
  expect(new Set(pidsLogging(server, 'request', 'Viewer'))).toEqual(new Set(workers));

  const samples = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: 'Viewer', outcome: 'ok' })).toBe(REQUESTS);
  expect(valueOf(samples, 'chirp_graphql_request_duration_seconds_count', { operation: 'Viewer' })).toBe(REQUESTS);
  // The sign-up's name (S) is no operation of the web app's.
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: OTHER, outcome: 'ok' })).toBe(1);
  expect(sumOf(samples, 'chirp_neo4j_round_trips_total')).toBeGreaterThan(0);
  // The workers' own process metrics, added up too.
  expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(404);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});
