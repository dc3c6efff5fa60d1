/**
 * Tweet ports
 *
 * What the tweet service works with during one request: the viewer, its reads through the
 * request's loaders, the tweet writes, the timelines a post or a delete changes, and where a
 * change is reported for live feeds. The store implements the repository (TweetStore) and the
 * loaders; src/context.ts wires them in.
 */
import type { ChangeObserver } from '../change-observer';
import type { RateLimits } from '../limits/rate-limits';
import type { Loader } from '../loader';
import type { RelationshipChange } from '../relationship-change';
import type { RequestScope } from '../request-scope';
import type { User } from '../users/user';
import type { PostedTweet, Tweet } from './tweet';

export interface NewTweet {
  id: string;
  authorId: string;
  text: string;
  createdAt: number;
  /** `<authorId>:<clientMutationId>` when the client gave one: the same key posts once. */
  clientKey?: string;
}

export interface TweetLoaders {
  tweetById: Loader<string, Tweet | undefined>;
  userById: Loader<string, User | undefined>;
  /** Whether the viewer has favorited the tweet; false for every tweet when signed out. */
  viewerHasFavorited: Loader<string, boolean>;
}

export interface TweetRepository {
  /**
   * Creates the tweet, waiting for its fan-out; undefined when the author does not exist. A tweet
   * already stored under the same id or client key is answered instead, marked `repeated`.
   */
  create(tweet: NewTweet): Promise<PostedTweet | undefined>;
  /** Deletes the tweet if `authorId` wrote it; false when nothing matched. */
  delete(tweetId: string, authorId: string): Promise<boolean>;
  /** Idempotent; undefined when the user or the tweet does not exist; throws `ConcurrentlyDeleted` when it went meanwhile. */
  favorite(userId: string, tweetId: string, at: number): Promise<RelationshipChange<Tweet> | undefined>;
  unfavorite(userId: string, tweetId: string): Promise<RelationshipChange<Tweet> | undefined>;
}

/** The home timelines as a post or a delete changes them (HomeTimelines). */
export interface TweetTimelines {
  startFanOut(posted: PostedTweet): void;
  tweetDeleted(tweetId: string, authorId: string): Promise<void>;
}

export interface TweetScope extends RequestScope {
  loaders: TweetLoaders;
  tweets: TweetRepository;
  timelines: TweetTimelines;
  /** Where favorites and deletions are reported (the live feeds, in a server). */
  changes: ChangeObserver;
  /** Absent where nothing is limited (domain tests). */
  rateLimits?: Pick<RateLimits, 'userAction'>;
}
