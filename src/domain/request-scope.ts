/**
 * Request scope
 *
 * What a domain service works with during one request: who is asking, the request's loaders, and
 * the stores for writes.
 */
import type { Loaders } from '../store/loaders';
import type { Stores } from '../store/stores';
import type { Viewer } from './viewer';

export interface RequestScope {
  viewer: Viewer;
  loaders: Loaders;
  stores: Stores;
}
