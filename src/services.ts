/**
 * Services
 *
 * What a server instance runs on besides HTTP: the stores over Neo4j and the record cache, the
 * cached home timelines, and the live feeds, all in Redis when REDIS_URL is set and in process
 * memory otherwise. Shared by `npm start` and the tests, so both run the same wiring.
 */
import type { Config } from './config';
import { RateLimits } from './domain/limits/rate-limits';
import { LiveFeeds } from './domain/live/live-feeds';
import { CelebrityPolicy } from './domain/timelines/celebrity-policy';
import { HomeTimelines } from './domain/timelines/home-timelines';
import { NO_METRICS, type Metrics } from './domain/metrics';
import type { Logger } from './logger';
import { loggingSecurityEvents } from './metrics/security-events';
import type { Graph } from './store/graph';
import { createSharedStores } from './store/shared-stores';
import { createRateCounters } from './store/rate-limits/rate-counters';
import { createStores, type Stores } from './store/stores';

export interface Services {
  stores: Stores;
  timelines: HomeTimelines;
  live: LiveFeeds;
  /** Counted in Redis with the other shared stores, in memory without; off with RATE_LIMITS=off. */
  rateLimits: RateLimits;
  /** Where security events go: logged at `warn`, and counted with the metrics (src/metrics/security-events.ts). */
  securityEvents: Pick<Metrics, 'securityEvent'>;
  /** Resolves once the caches are connected (Redis answered), false if not within `timeoutMs`; they serve from Neo4j meanwhile. */
  cachesConnected(timeoutMs: number): Promise<boolean>;
  /** Closes the cache and event bus connections (not the graph). */
  close(): Promise<void>;
}

/** `exported`: where the domain's reports are counted (fan-outs, the outbox, timeline pages, rate limits, security events); nowhere by default. */
export function createServices(config: Config, graph: Graph, logger: Logger, exported: Metrics = NO_METRICS): Services {
  const metrics = loggingSecurityEvents(exported, logger);
  const shared = createSharedStores(config.timelines, logger);
  const stores = createStores(graph, shared.records);
  const celebrities = new CelebrityPolicy(config.timelines.celebrityThreshold);
  const live = new LiveFeeds(shared.events, stores.users, { celebrities, queueLimit: config.live.queueLimit }, logger);
  const timelines = new HomeTimelines(stores, shared.feeds, celebrities, { capacity: config.timelines.length }, logger, live, metrics);
  const rateLimits = new RateLimits(config.rateLimits.enabled ? createRateCounters(config.rateLimits.limits, shared.redis) : null, metrics);
  return {
    stores,
    timelines,
    live,
    rateLimits,
    securityEvents: metrics,
    cachesConnected: (timeoutMs) => shared.connected(timeoutMs),
    close: () => shared.close(),
  };
}
