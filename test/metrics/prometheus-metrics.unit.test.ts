/**
 * The metrics as Prometheus reads them: names, labels kept to bounded sets, and the README's list
 * of metric names kept equal to what is exported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ANONYMOUS, OTHER, PrometheusMetrics } from '../../src/metrics/prometheus-metrics';
import { WEB_APP_OPERATIONS } from '../../src/metrics/web-app-operations';
import { PROJECT_ROOT } from '../../src/project-root';
import { parseScrape, valueOf, type Sample } from '../support/prometheus-text';

async function samplesOf(metrics: PrometheusMetrics): Promise<Sample[]> {
  return parseScrape((await metrics.scrape()).text);
}

it('counts requests by operation and outcome: ok, or the first error code', async () => {
  const metrics = new PrometheusMetrics();
  metrics.requestCompleted('Home', undefined, 12);
  metrics.requestCompleted('Home', undefined, 30);
  metrics.requestCompleted('PostTweet', 'RATE_LIMITED', 5);
  metrics.requestCompleted(undefined, 'GRAPHQL_PARSE_FAILED', 1);
  metrics.requestCompleted('Follow', 'SOMETHING_ELSE', 1);

  const samples = await samplesOf(metrics);
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: 'Home', outcome: 'ok' })).toBe(2);
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: 'PostTweet', outcome: 'RATE_LIMITED' })).toBe(1);
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: ANONYMOUS, outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: 'Follow', outcome: OTHER })).toBe(1);
  expect(valueOf(samples, 'chirp_graphql_request_duration_seconds_count', { operation: 'Home' })).toBe(2);
  expect(valueOf(samples, 'chirp_graphql_request_duration_seconds_sum', { operation: 'Home' })).toBeCloseTo(0.042);
  expect(valueOf(samples, 'chirp_graphql_request_duration_seconds_bucket', { operation: 'Home', le: '0.025' })).toBe(1);
});

it("gives the web app's operations a series each, and every other name one series, `other`", async () => {
  const metrics = new PrometheusMetrics();
  for (let index = 0; index < 150; index++) metrics.requestCompleted(`Operation${index}`, undefined, 1);
  metrics.requestCompleted('Home', undefined, 1);
  metrics.requestCompleted('not a name', undefined, 1);

  const samples = await samplesOf(metrics);
  const operations = new Set(samples.filter((sample) => sample.name === 'chirp_graphql_requests_total').map((sample) => sample.labels.operation));
  expect(operations).toEqual(new Set(['Home', OTHER]));
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: OTHER })).toBe(151);
  expect(WEB_APP_OPERATIONS).toContain('Home');
});

it('labels by the operation names it is given', async () => {
  const metrics = new PrometheusMetrics(['Probe']);
  metrics.requestCompleted('Probe', undefined, 1);
  metrics.requestCompleted('Home', undefined, 1);
  const samples = await samplesOf(metrics);
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: 'Probe' })).toBe(1);
  expect(valueOf(samples, 'chirp_graphql_requests_total', { operation: OTHER })).toBe(1);
});

it('reports Neo4j round trips, fan-outs, timeline pages, live delivery and refusals under their names', async () => {
  const metrics = new PrometheusMetrics();
  metrics.roundTrip('create-tweet', 3, false);
  metrics.roundTrip('create-tweet', 4, true);
  metrics.fanOutCompleted(40);
  metrics.fanOutBacklog(7);
  metrics.homePageServed('hit');
  metrics.homePageServed('rebuilt');
  metrics.feedRebuilt('home');
  metrics.rateLimitRefused('tweets');
  metrics.connectionOpened();
  metrics.connectionOpened();
  metrics.connectionClosed();
  metrics.subscriptionStarted('homeTimeline');
  metrics.eventDelivered('homeTimeline');
  metrics.eventDelivered('homeTimeline');

  const samples = await samplesOf(metrics);
  expect(valueOf(samples, 'chirp_neo4j_round_trips_total', { statement: 'create-tweet', outcome: 'ok' })).toBe(1);
  expect(valueOf(samples, 'chirp_neo4j_round_trips_total', { statement: 'create-tweet', outcome: 'error' })).toBe(1);
  expect(valueOf(samples, 'chirp_neo4j_round_trip_duration_seconds_count', { statement: 'create-tweet' })).toBe(2);
  expect(valueOf(samples, 'chirp_fan_out_lag_seconds_count')).toBe(1);
  expect(valueOf(samples, 'chirp_fan_out_lag_seconds_bucket', { le: '0.05' })).toBe(1);
  expect(valueOf(samples, 'chirp_fan_out_backlog')).toBe(7);
  expect(valueOf(samples, 'chirp_timeline_home_pages_total', { source: 'hit' })).toBe(1);
  expect(valueOf(samples, 'chirp_timeline_home_pages_total', { source: 'rebuilt' })).toBe(1);
  expect(valueOf(samples, 'chirp_timeline_rebuilds_total', { feed: 'home' })).toBe(1);
  expect(valueOf(samples, 'chirp_rate_limit_refusals_total', { limit: 'tweets' })).toBe(1);
  expect(valueOf(samples, 'chirp_live_connections')).toBe(1);
  expect(valueOf(samples, 'chirp_live_subscriptions', { field: 'homeTimeline' })).toBe(1);
  expect(valueOf(samples, 'chirp_live_deliveries_total', { field: 'homeTimeline' })).toBe(2);
});

it("includes prom-client's default Node process metrics", async () => {
  const samples = await samplesOf(new PrometheusMetrics());
  for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
    expect(valueOf(samples, name)).toBeGreaterThanOrEqual(0);
  }
});

it("lists every metric it exports in the README's Metrics section, and no other", () => {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = /\n### Metrics\n([\s\S]*?)\n##/.exec(readme)?.[1] ?? '';
  const documented = new Set(section.match(/chirp_[a-z0-9_]+/g));
  const exported = new Set(
    new PrometheusMetrics().registry
      .getMetricsAsArray()
      .map((metric) => metric.name)
      .filter((name) => name.startsWith('chirp_')),
  );
  expect([...documented].sort()).toEqual([...exported].sort());
});
