/**
 * Prometheus metrics
 *
 * Every metric the API exports, named, described and labelled here and nowhere else (prom-client),
 * implementing the narrow ports the layers report through: the domain's `Metrics` (fan-outs, the
 * outbox, home timeline pages, rate limits), the graph's `RoundTripObserver` (Neo4j), the GraphQL
 * layer's `RequestMetrics` (HTTP operations) and the subscriptions server's `LiveMetrics`, plus
 * prom-client's default Node process metrics. Every label takes its values from a bounded set
 * (statement names, schema fields, error codes, the web app's operation names), never from a
 * user's data. Served by metrics-server.ts; in a cluster the primary adds every
 * worker's up (`clusterScraper`).
 */
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { ErrorCode } from '../domain/errors';
import type { RateLimitName } from '../domain/limits/rate-limits';
import type { HomePageSource, Metrics, SecurityEvent } from '../domain/metrics';
import type { FeedKind } from '../domain/timelines/feed-store';
import type { RequestMetrics } from '../graphql/request-metrics.plugin';
import type { RoundTripObserver } from '../store/graph';
import type { LiveMetrics } from '../websocket/subscription-metrics';
import { WEB_APP_OPERATIONS } from './web-app-operations';

/** The label of an operation the server does not know, and of an error code it does not. */
export const OTHER = 'other';
export const ANONYMOUS = 'anonymous';

/** What a scrape answers: the text and its content type. */
export interface Scrape {
  contentType: string;
  text: string;
}

export type Scraper = () => Promise<Scrape>;

/** The error codes an outcome may name: ours and Apollo's; anything else is `other`. */
const KNOWN_ERROR_CODES: ReadonlySet<string> = new Set<string>([...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)]);

const MS_PER_SECOND = 1_000;
/** Neo4j answers in milliseconds when well; seconds mean trouble. */
const ROUND_TRIP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A fan-out to a few followers takes milliseconds; one redone by the outbox after a crash, up to a settle interval and more. */
const FAN_OUT_LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export class PrometheusMetrics implements Metrics, RoundTripObserver, RequestMetrics, LiveMetrics {
  readonly registry = new Registry();
  /** The operation names that get a series of their own: the web app's unless a test says. */
  private readonly operationNames: ReadonlySet<string>;

  private readonly requests = new Counter({
    name: 'chirp_graphql_requests_total',
    help: 'GraphQL operations over HTTP, by operation name and outcome (ok, or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: 'chirp_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request reaching Apollo Server to its response, by operation name.',
    labelNames: ['operation'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  private readonly roundTrips = new Counter({
    name: 'chirp_neo4j_round_trips_total',
    help: 'Statements sent to Neo4j (each one round trip, a read retry another), by statement and outcome (ok, error).',
    labelNames: ['statement', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly roundTripDuration = new Histogram({
    name: 'chirp_neo4j_round_trip_duration_seconds',
    help: 'Time from sending a statement to Neo4j to its last row, by statement (a file of cypher/).',
    labelNames: ['statement'] as const,
    buckets: ROUND_TRIP_BUCKETS,
    registers: [this.registry],
  });
  private readonly fanOutLag = new Histogram({
    name: 'chirp_fan_out_lag_seconds',
    help: "Time from a tweet's commit to the last push of its fan-out into its followers' home timelines.",
    buckets: FAN_OUT_LAG_BUCKETS,
    registers: [this.registry],
  });
  private readonly fanOutBacklogGauge = new Gauge({
    name: 'chirp_fan_out_backlog',
    help: 'Tweets whose fan-out has not completed (in flight, or left by a crash for the outbox), as the outbox settler last counted them.',
    // Every process counts the same outbox in Neo4j: a cluster reports the count, not a sum of copies.
    aggregator: 'max',
    registers: [this.registry],
  });
  private readonly homePages = new Counter({
    name: 'chirp_timeline_home_pages_total',
    help: 'Home timeline pages served, by source: hit (the cached feed), rebuilt (the cache, after rebuilding it from Neo4j), graph (Neo4j alone).',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  private readonly feedRebuilds = new Counter({
    name: 'chirp_timeline_rebuilds_total',
    help: "Cached feeds rebuilt from Neo4j, by kind: home (a user's home timeline), recent (a celebrity's recent tweets).",
    labelNames: ['feed'] as const,
    registers: [this.registry],
  });
  private readonly liveConnections = new Gauge({
    name: 'chirp_live_connections',
    help: 'Open WebSocket connections on /graphql.',
    registers: [this.registry],
  });
  private readonly liveSubscriptions = new Gauge({
    name: 'chirp_live_subscriptions',
    help: 'Running subscriptions, by root field.',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });
  private readonly liveDeliveries = new Counter({
    name: 'chirp_live_deliveries_total',
    help: "Events handed to subscribers' sockets, by subscription root field.",
    labelNames: ['field'] as const,
    registers: [this.registry],
  });
  private readonly securityEvents = new Counter({
    name: 'chirp_security_events_total',
    help: 'Events an operator watches for attacks: log-in and password-check throttling, refused WebSocket origins, password changes, sessions ended everywhere.',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitRefusals = new Counter({
    name: 'chirp_rate_limit_refusals_total',
    help: 'Actions refused by a rate limit (RATE_LIMITED), by limit.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor(operationNames: Iterable<string> = WEB_APP_OPERATIONS) {
    this.operationNames = new Set(operationNames);
    collectDefaultMetrics({ register: this.registry });
  }

  /** This process's metrics, for a scrape of this process alone. */
  readonly scrape: Scraper = async () => ({ contentType: this.registry.contentType, text: await this.registry.metrics() });

  /**
   * In a cluster worker: answers the primary's scrapes (prom-client's AggregatorRegistry asks every
   * worker over IPC) with this registry. Called as the worker starts, so no scrape waits for it.
   */
  shareWithPrimary(): void {
    new AggregatorRegistry(); // its constructor installs the worker's listener for the primary's requests
    AggregatorRegistry.setRegistries([this.registry]);
  }

  requestCompleted(operationName: string | undefined, errorCode: string | undefined, durationMs: number): void {
    const operation = this.operationLabel(operationName);
    const outcome = errorCode === undefined ? 'ok' : KNOWN_ERROR_CODES.has(errorCode) ? errorCode : OTHER;
    this.requests.inc({ operation, outcome });
    this.requestDuration.observe({ operation }, durationMs / MS_PER_SECOND);
  }

  roundTrip(statement: string, durationMs: number, failed: boolean): void {
    this.roundTrips.inc({ statement, outcome: failed ? 'error' : 'ok' });
    this.roundTripDuration.observe({ statement }, durationMs / MS_PER_SECOND);
  }

  fanOutCompleted(lagMs: number): void {
    this.fanOutLag.observe(Math.max(0, lagMs) / MS_PER_SECOND);
  }

  fanOutBacklog(pending: number): void {
    this.fanOutBacklogGauge.set(pending);
  }

  homePageServed(source: HomePageSource): void {
    this.homePages.inc({ source });
  }

  feedRebuilt(kind: FeedKind): void {
    this.feedRebuilds.inc({ feed: kind });
  }

  rateLimitRefused(limit: RateLimitName): void {
    this.rateLimitRefusals.inc({ limit });
  }

  securityEvent(event: SecurityEvent): void {
    this.securityEvents.inc({ event });
  }

  connectionOpened(): void {
    this.liveConnections.inc();
  }

  connectionClosed(): void {
    this.liveConnections.dec();
  }

  subscriptionStarted(field: string): void {
    this.liveSubscriptions.inc({ field });
  }

  subscriptionEnded(field: string): void {
    this.liveSubscriptions.dec({ field });
  }

  eventDelivered(field: string): void {
    this.liveDeliveries.inc({ field });
  }

  /**
   * A known operation's own label, `other` for any other name, so that a client inventing names
   * takes no series from the server's own operations; `anonymous` for an operation without one.
   */
  private operationLabel(operationName: string | undefined): string {
    if (operationName === undefined) return ANONYMOUS;
    return this.operationNames.has(operationName) ? operationName : OTHER;
  }
}

/**
 * In the cluster's primary, which serves no API: a scrape asks every worker for its metrics and adds
 * them up (counters and histograms summed, each gauge by its `aggregator`).
 */
export function clusterScraper(): Scraper {
  const aggregator = new AggregatorRegistry();
  return async () => ({ contentType: aggregator.contentType, text: await aggregator.clusterMetrics() });
}
