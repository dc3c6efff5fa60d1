/**
 * Stores
 *
 * The storage a server instance talks to, built once from a connected Graph.
 */
import { Graph } from './graph';
import { TweetStore } from './tweet-store';
import { UserStore } from './user-store';

export interface Stores {
  graph: Graph;
  users: UserStore;
  tweets: TweetStore;
}

export function createStores(graph: Graph): Stores {
  return { graph, users: new UserStore(graph), tweets: new TweetStore(graph) };
}
