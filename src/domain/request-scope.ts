/**
 * Request scope
 *
 * What a domain service works with during one request: who is asking, the request's loaders, and
 * the stores for writes, and the
 * timelines that writes keep current.
 */
import type { Loaders } from '../store/loaders';
import type { Stores } from '../store/stores';
import type { HomeTimelines } from './timelines/home-timelines';
import type { Viewer } from './viewer';

export interface RequestScope {
  viewer: Viewer;
  loaders: Loaders;
  stores: Stores;
  /** Shared by all requests of a server: keeps cached timelines in step with the graph. */
  timelines: HomeTimelines;
}
