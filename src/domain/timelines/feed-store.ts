/**
 * Feed store
 *
 * Capped lists of tweets, newest first, kept outside Neo4j as a cache of what Neo4j defines:
 * each user's home timeline (`home`) and each celebrity's recent tweets (`recent`). Two
 * implementations share this contract and one test suite: Redis (sorted sets, shared by every
 * instance) and process memory (one instance, no REDIS_URL).
 *
 * A feed has a state. Absent: nothing is cached, readers rebuild it from Neo4j. Building: a rebuild
 * has started; pushes land in it (so nothing committed during the rebuild is lost) but readers do
 * not trust it yet. Ready: complete, with metadata (a home timeline's followed celebrities).
 * Invalidating a feed during a rebuild makes that rebuild's completion fail, so a rebuild that read
 * Neo4j before a change it cannot see never becomes the truth.
 */

/**
 * The store cannot be reached (Redis away): nothing was read or changed. Readers answer from Neo4j;
 * writers go on, since a store that comes back starts over (a new cache epoch, see redis-link.ts)
 * and rebuilds every feed from Neo4j.
 */
export class FeedStoreUnavailable extends Error {}

export type FeedKind = 'home' | 'recent';

export interface FeedKey {
  kind: FeedKind;
  /** The user whose home timeline, or the author whose recent tweets. */
  id: string;
}

/** What a feed keeps of a tweet: its id alone (a page loads the tweets, which name their authors). */
export interface FeedItem {
  tweetId: string;
}

/** What a feed holds before a cursor. */
export interface FeedPage {
  feed: FeedKey;
  /** Up to the limit asked for, newest first. */
  items: FeedItem[];
  /** How many items the whole feed holds (a full feed may have trimmed older ones). */
  size: number;
}

/** A ready home feed and the recent feeds of the celebrities its user follows, read at once. */
export interface HomeRead {
  /** The celebrities the user follows (the home feed's metadata). */
  celebrities: string[];
  /** The home feed's page, then those of the celebrities' recent feeds that are ready. */
  pages: FeedPage[];
  /** Celebrities whose recent feed is not ready (the reader rebuilds and reads those). */
  unready: string[];
}

export interface FeedSettings {
  /** Items kept per feed (TIMELINE_LENGTH); older ones are trimmed. */
  capacity: number;
  /** Unread feeds expire after this long and are rebuilt on demand. */
  ttlSeconds: number;
}

export interface FeedStore {
  /** Starts a rebuild: empties the feed, marks it building, and returns the rebuild's token. */
  beginBuild(feed: FeedKey): Promise<string>;
  /** Adds the rebuilt items and marks the feed ready, unless it was invalidated or rebuilt since `beginBuild`. */
  completeBuild(feed: FeedKey, token: string, items: readonly FeedItem[], meta: readonly string[]): Promise<boolean>;
  /** A ready feed's metadata (and keeps it from expiring); null when it is not ready. */
  readyMeta(feed: FeedKey): Promise<string[] | null>;
  /**
   * Adds an item to each of the feeds that is ready or building, trimming each to capacity. For home
   * feeds, skips the users who unfollowed the item's author (`authorId`) moments ago (a fan-out that
   * read the followers before the unfollow must not put the tweet back).
   */
  push(feeds: readonly FeedKey[], item: FeedItem, authorId: string): Promise<void>;
  /** Adds items to a feed if it is ready or building (a follow merging the followee's tweets). */
  merge(feed: FeedKey, items: readonly FeedItem[]): Promise<void>;
  /**
   * Records that `userId` now follows `authorId`: clears the unfollow mark, and adds the author to
   * the metadata if `asMeta` (a feed still building is invalidated instead).
   */
  followed(userId: string, authorId: string, asMeta: boolean): Promise<void>;
  /**
   * Marks that `userId` unfollowed `authorId`, for a while, and invalidates the user's home feed:
   * feeds do not keep who wrote an item, so the author's items cannot be picked out of it (unfollows
   * are rare, and the next read rebuilds the feed from Neo4j).
   */
  unfollowed(userId: string, authorId: string): Promise<void>;
  /** Removes one tweet from feeds (a deletion); a full feed holding it is invalidated instead. */
  remove(feeds: readonly FeedKey[], tweetId: string): Promise<void>;
  /** Forgets feeds entirely; the next read rebuilds them. */
  invalidate(feeds: readonly FeedKey[]): Promise<void>;
  /** Up to `limit` items older than the tweet `beforeId` (all when absent), newest first. */
  read(feed: FeedKey, limit: number, beforeId?: string): Promise<FeedItem[]>;
  /**
   * A home timeline page's reads in one call (one round trip to Redis): null when the user's home
   * feed is not ready; otherwise, like `readyMeta` then `read` and `size` of the home feed and of
   * each followed celebrity's ready recent feed, all kept from expiring.
   */
  readHome(userId: string, limit: number, beforeId?: string): Promise<HomeRead | null>;
  /** How many items a feed holds. */
  size(feed: FeedKey): Promise<number>;
  /** Whether the store answers, for /health. */
  health(): Promise<FeedStoreHealth>;
  close(): Promise<void>;
}

export interface FeedStoreHealth {
  store: 'redis' | 'memory';
  status: 'up' | 'down';
  latencyMs?: number;
  /** Redis: the cache epoch in use, and whether the instance still reads nothing cached in it (see redis-link.ts). */
  epoch?: number;
  warming?: boolean;
  error?: string;
}

/** How long an unfollow keeps late fan-outs of the unfollowed author out of the home feed. */
export const UNFOLLOW_MARK_SECONDS = 600;
