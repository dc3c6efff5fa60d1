/**
 * `npm start` with METRICS_PORT: the built server in its own process answers GET /metrics on that
 * port (not the public one) with what it served: requests by operation and outcome, Neo4j round
 * trips, the fan-out, home timeline pages, live delivery, rate-limit refusals and Node's own.
 */
import { OTHER } from '../../src/metrics/prometheus-metrics';
import { freePort } from '../../src/store/local-neo4j/local-neo4j';
import { eventually } from '../support/eventually';
import { bearer, liveClient, type LiveClient } from '../support/live-client';
import { scrape, sumOf, valueOf, type Sample } from '../support/prometheus-text';
import { required } from '../support/required';
import { graphqlAt, killServerProcesses, signUpAt, startServerProcess, waitForHealth } from '../support/server-process';
import { dataOf, operation } from '../support/test-server';

jest.setTimeout(120_000);

const PROBE = operation<{ __typename: string }>('query MetricsProbe { __typename }');
const POST_TWEET = operation<{ postTweet: { id: string } }>('mutation PostTweet($text: String!) { postTweet(text: $text) { id } }');
const FOLLOW = operation<{ follow: { id: string } }>('mutation Follow($id: ID!) { follow(userId: $id) { id } }');
const HOME = operation<{ homeTimeline: { edges: { node: { id: string } }[] } }>('query Home { homeTimeline(first: 10) { edges { node { id } } } }');
const LIVE_HOME = operation<{ homeTimeline: { id: string } }>('subscription { homeTimeline { id } }');

const clients: LiveClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  killServerProcesses();
});

it('serves what one process measured on METRICS_PORT, and nothing of it on the public port', async () => {
  const metricsPort = await freePort();
  const server = await startServerProcess({
    NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'),
    METRICS_PORT: String(metricsPort),
    // One tweet an hour, so that the second is refused.
    RATE_LIMIT_TWEETS: '1/1h',
  });
  await waitForHealth(server);
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const metrics = () => scrape(metricsUrl);
  const counted = (samples: Sample[], operationName: string, outcome: string) =>
    valueOf(samples, 'chirp_graphql_requests_total', { operation: operationName, outcome });

  const author = await signUpAt(server.port, 'met');
  const reader = await signUpAt(server.port, 'met');
  expect(dataOf(await graphqlAt(server.port, FOLLOW, { id: author.id }, reader.token)).follow.id).toBe(author.id);

  // The gauge goes to 1 once the subscription listens: the tweet below reaches it.
  const client = liveClient(`http://127.0.0.1:${server.port}/graphql`, bearer(reader.token));
  clients.push(client);
  const feed = client.subscribe(LIVE_HOME);
  await eventually(metrics, (samples) => valueOf(samples, 'chirp_live_subscriptions', { field: 'homeTimeline' }) === 1, {
    what: 'the home timeline subscription to be counted',
  });

  for (let index = 0; index < 3; index++) expect(dataOf(await graphqlAt(server.port, PROBE, {})).__typename).toBe('Query');
  expect((await graphqlAt(server.port, POST_TWEET, { text: 'signed out' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await graphqlAt(server.port, 'query Broken { nothingHere }', {})).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  const tweetId = dataOf(await graphqlAt(server.port, POST_TWEET, { text: 'measured' }, author.token)).postTweet.id;
  expect((await graphqlAt(server.port, POST_TWEET, { text: 'one too many' }, author.token)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect((await feed.next(5_000)).data?.homeTimeline.id).toBe(tweetId);
  for (let index = 0; index < 2; index++) {
    expect(dataOf(await graphqlAt(server.port, HOME, {}, reader.token)).homeTimeline.edges.map((edge) => edge.node.id)).toEqual([tweetId]);
  }

  // The fan-out finishes off the request path; the outbox settler counted its backlog at start.
  const samples = await eventually(metrics, (scraped) => (valueOf(scraped, 'chirp_fan_out_lag_seconds_count') ?? 0) >= 1, {
    what: 'the fan-out to be measured',
  });
  // Names the web app does not send (the sign-ups' S, MetricsProbe, Broken) share one series, `other`.
  expect(counted(samples, OTHER, 'ok')).toBe(2 + 3);
  expect(counted(samples, 'MetricsProbe', 'ok')).toBeUndefined();
  expect(counted(samples, 'Follow', 'ok')).toBe(1);
  expect(counted(samples, 'PostTweet', 'UNAUTHENTICATED')).toBe(1);
  expect(counted(samples, OTHER, 'GRAPHQL_VALIDATION_FAILED')).toBe(1);
  expect(counted(samples, 'PostTweet', 'ok')).toBe(1);
  expect(counted(samples, 'PostTweet', 'RATE_LIMITED')).toBe(1);
  expect(counted(samples, 'Home', 'ok')).toBe(2);
  expect(sumOf(samples, 'chirp_graphql_requests_total')).toBe(12);
  expect(valueOf(samples, 'chirp_graphql_request_duration_seconds_count', { operation: OTHER })).toBe(2 + 3 + 1);

  expect(sumOf(samples, 'chirp_neo4j_round_trips_total')).toBeGreaterThan(0);
  // The refused tweet was refused before it was written.
  expect(valueOf(samples, 'chirp_neo4j_round_trips_total', { statement: 'create-tweet', outcome: 'ok' })).toBe(1);
  expect(valueOf(samples, 'chirp_neo4j_round_trip_duration_seconds_count', { statement: 'create-tweet' })).toBe(1);
  expect(valueOf(samples, 'chirp_fan_out_backlog')).toBeGreaterThanOrEqual(0);
  expect(valueOf(samples, 'chirp_timeline_home_pages_total', { source: 'rebuilt' })).toBe(1);
  expect(valueOf(samples, 'chirp_timeline_home_pages_total', { source: 'hit' })).toBe(1);
  expect(valueOf(samples, 'chirp_timeline_rebuilds_total', { feed: 'home' })).toBe(1);
  expect(valueOf(samples, 'chirp_rate_limit_refusals_total', { limit: 'tweets' })).toBe(1);
  expect(valueOf(samples, 'chirp_live_connections')).toBe(1);
  expect(valueOf(samples, 'chirp_live_deliveries_total', { field: 'homeTimeline' })).toBe(1);
  for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
    expect(valueOf(samples, name)).toBeGreaterThan(0);
  }

  // A client gone: its socket and subscription are no longer counted.
  await client.dispose();
  await eventually(
    metrics,
    (scraped) => valueOf(scraped, 'chirp_live_connections') === 0 && valueOf(scraped, 'chirp_live_subscriptions', { field: 'homeTimeline' }) === 0,
    { what: 'the closed connection to be uncounted' },
  );

  const publicPort = await fetch(`http://127.0.0.1:${server.port}/metrics`);
  expect(publicPort.status).toBe(404);
  expect(await publicPort.text()).not.toContain('chirp_graphql_requests_total');
  expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});
