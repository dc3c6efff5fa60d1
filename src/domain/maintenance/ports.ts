/**
 * Maintenance ports
 *
 * What the graph check (`npm run check`) reads and repairs: whole-graph scans in id order, a page
 * at a time, and repairs. The store's InvariantStore implements it; the cached timelines are
 * compared with the graph's definition through TweetStore.
 */
import type { IdPosition } from '../page-request';
import type { FeedItem } from '../timelines/feed-store';
import type { Tweet, TweetEntry } from '../tweets/tweet';

export interface UserCountsRow {
  id: string;
  wrong: boolean;
  /** followerCount, followingCount, tweetCount as stored on the node, then as counted. */
  stored: [number, number, number];
  counted: [number, number, number];
}

export interface TweetRow {
  id: string;
  storedFavorites: number;
  countedFavorites: number;
  authorId: string;
  /** The users with a POSTED edge to the tweet. */
  postedBy: string[];
}

export interface StaleOutbox {
  fanOuts: number;
  celebrityChanges: number;
}

export interface InvariantRepository {
  /** The next `limit` users after `afterId` ('' for the first page), with their stored and counted counts. */
  userCounts(afterId: string, limit: number): Promise<UserCountsRow[]>;
  /** The next `limit` tweets after `afterId`, with their stored and counted favorites and who posted them. */
  tweets(afterId: string, limit: number): Promise<TweetRow[]>;
  /** Outbox entries older than `before`. */
  staleOutbox(before: number): Promise<StaleOutbox>;
  repairUserCounts(ids: readonly string[]): Promise<void>;
  repairTweetCounts(ids: readonly string[]): Promise<void>;
  /** Up to `limit` user ids from `fromId` on, in id order. */
  sampleUserIds(fromId: string, limit: number): Promise<string[]>;
}

/** The graph as the check reads it. */
export interface CheckedGraph {
  invariants: InvariantRepository;
  tweets: {
    findByIds(ids: readonly string[]): Promise<(Tweet | undefined)[]>;
    homeTimelinePage(viewerId: string, limit: number, after?: IdPosition): Promise<TweetEntry<IdPosition>[]>;
  };
}

/** The cached home timelines as the check compares and repairs them (HomeTimelines). */
export interface CheckedTimelines {
  page(viewerId: string, limit: number): Promise<FeedItem[]>;
  forgetHome(userId: string): Promise<void>;
  settlePending(olderThanMs: number): Promise<number>;
}
