/**
 * Request scope
 *
 * What a domain service works with during one request: who is asking, the request's loaders, the
 * stores for writes, the timelines that writes keep current, where changes are reported, and the
 * live feeds that subscriptions read.
 */
import type { Loaders } from '../store/loaders';
import type { Stores } from '../store/stores';
import type { ChangeObserver } from './change-observer';
import type { RateLimits } from './limits/rate-limits';
import type { LiveFeeds } from './live/live-feeds';
import type { HomeTimelines } from './timelines/home-timelines';
import type { Viewer } from './viewer';

export interface RequestScope {
  viewer: Viewer;
  loaders: Loaders;
  stores: Stores;
  /** Shared by all requests of a server: keeps cached timelines in step with the graph. */
  timelines: HomeTimelines;
  /** Shared by all requests of a server: where writes report what changed (the live feeds, in a server). */
  changes: ChangeObserver;
  /** Shared by all requests of a server: the streams subscriptions read. */
  live: LiveFeeds;
  /** Counts what a user may do only so often; absent where nothing is limited (domain tests). */
  rateLimits?: RateLimits;
}
