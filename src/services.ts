/**
 * Services
 *
 * What a server instance runs on besides HTTP: the stores over Neo4j and the record cache, the
 * cached home timelines, and the live feeds, all in Redis when REDIS_URL is set and in process
 * memory otherwise. Shared by `npm start` and the tests, so both run the same wiring.
 */
import type { Config } from './config';
import { LiveFeeds } from './domain/live/live-feeds';
import { CelebrityPolicy } from './domain/timelines/celebrity-policy';
import { HomeTimelines } from './domain/timelines/home-timelines';
import type { Logger } from './logger';
import { createCaches } from './store/create-caches';
import { createEventBus } from './store/events/create-event-bus';
import type { Graph } from './store/graph';
import { createStores, type Stores } from './store/stores';

export interface Services {
  stores: Stores;
  timelines: HomeTimelines;
  live: LiveFeeds;
  /** Closes the cache and event bus connections (not the graph). */
  close(): Promise<void>;
}

export function createServices(config: Config, graph: Graph, logger: Logger): Services {
  const caches = createCaches(config.timelines);
  const events = createEventBus(config.timelines, logger);
  const stores = createStores(graph, caches.records);
  const celebrities = new CelebrityPolicy(config.timelines.celebrityThreshold);
  const live = new LiveFeeds(events, stores, { celebrities, queueLimit: config.live.queueLimit }, logger);
  const timelines = new HomeTimelines(stores, caches.feeds, celebrities, { capacity: config.timelines.length }, logger, live);
  return {
    stores,
    timelines,
    live,
    async close() {
      await Promise.all([caches.close(), events.close()]);
    },
  };
}
