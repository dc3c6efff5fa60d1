/**
 * Metrics
 *
 * What the domain reports for a person operating the API to watch: how long fan-outs take, how
 * much of the outbox waits, how home timeline pages are served, which rate limits refuse. The
 * wiring implements this port (src/metrics/prometheus-metrics.ts exports it to Prometheus); the
 * domain never knows how. A report is a synchronous call that neither waits nor fails, and every
 * value it carries comes from a fixed set, so the exported series stay few.
 */
import type { RateLimitName } from './limits/rate-limits';
import type { FeedKind } from './timelines/feed-store';

/**
 * How a home timeline page was served: from the cached feed as it was (`hit`), from the cache after
 * rebuilding it from Neo4j (`rebuilt`), or by Neo4j alone (`graph`: the feed store was away, or the
 * rebuild lost a race).
 */
export type HomePageSource = 'hit' | 'rebuilt' | 'graph';

/**
 * What an operator watches for signs of attack or account takeover: a handle, address or user
 * refused by a log-in or password budget, a WebSocket refused for its Origin, a password changed,
 * every session of a user ended.
 */
export type SecurityEvent = 'logInThrottled' | 'passwordCheckThrottled' | 'originRefused' | 'passwordChanged' | 'sessionsEnded';

export interface Metrics {
  /** A tweet's fan-out landed its last push: `lagMs` from the tweet's commit to then. */
  fanOutCompleted(lagMs: number): void;
  /** Tweets whose fan-out has not completed (in flight, or left by a crash), as last counted. */
  fanOutBacklog(pending: number): void;
  homePageServed(source: HomePageSource): void;
  /** A cached feed was rebuilt from Neo4j (a home timeline, or a celebrity's recent tweets). */
  feedRebuilt(kind: FeedKind): void;
  rateLimitRefused(limit: RateLimitName): void;
  /** `subject`: whom it concerns (user, handle, address), for the log; the metric counts kinds only. */
  securityEvent(event: SecurityEvent, subject?: Record<string, string | number | undefined>): void;
}

/** Where nothing is measured (no METRICS_PORT, benchmarks, domain tests). */
export const NO_METRICS: Metrics = {
  fanOutCompleted: () => {},
  fanOutBacklog: () => {},
  homePageServed: () => {},
  feedRebuilt: () => {},
  rateLimitRefused: () => {},
  securityEvent: () => {},
};
