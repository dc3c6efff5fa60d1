/**
 * Stores
 *
 * The storage a server instance talks to, built once from a connected Graph.
 */
import type { RecordCache } from './cache/record-cache';
import { Graph } from './graph';
import { InvariantStore } from './invariant-store';
import { TweetStore } from './tweet-store';
import { UserStore } from './user-store';

export interface Stores {
  graph: Graph;
  users: UserStore;
  tweets: TweetStore;
  /** What `npm run check` reads and repairs. */
  invariants: InvariantStore;
}

export function createStores(graph: Graph, cache: RecordCache): Stores {
  return { graph, users: new UserStore(graph, cache), tweets: new TweetStore(graph, cache), invariants: new InvariantStore(graph, cache) };
}
