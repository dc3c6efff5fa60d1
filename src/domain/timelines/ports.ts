/**
 * Timeline ports
 *
 * What the home timelines read and settle in the graph, the truth their cached feeds copy (the
 * feeds themselves are the FeedStore port, feed-store.ts), and what the timeline service reads
 * during a request. The store's UserStore and TweetStore implement the graph's halves.
 */
import type { Loader } from '../loader';
import type { IdPosition, PageRequest } from '../page-request';
import type { RequestScope } from '../request-scope';
import type { PostedTweet, Tweet, TweetEntry } from '../tweets/tweet';
import type { User } from '../users/user';
import type { FeedItem } from './feed-store';

/** Who follows whom, as the fan-out and the feed reconciler need it. */
export interface TimelineFollows {
  /** The author's follower ids in batches of `size` (streamed: a celebrity may have millions). */
  followerIdBatches(userId: string, size: number): AsyncIterable<string[]>;
  followerIds(userId: string): Promise<string[]>;
  /** The celebrities (by `celebrityMinFollowers`) the user follows. */
  followedCelebrityIds(userId: string, celebrityMinFollowers: number): Promise<string[]>;
  /** Users that crossed the celebrity threshold and whose followers' timelines are not settled yet (the outbox). */
  pendingCelebrityChanges(limit: number): Promise<string[]>;
  completeCelebrityChange(userId: string): Promise<void>;
}

/** Tweets as the timelines read them from the graph, and the fan-out outbox. */
export interface TimelineTweets {
  authorTweetsPages(requests: readonly PageRequest<IdPosition>[]): Promise<TweetEntry<IdPosition>[][]>;
  /** The home timeline as the graph defines it (the fallback and the rebuild of a cached feed). */
  homeTimelinePage(viewerId: string, limit: number, after?: IdPosition): Promise<TweetEntry<IdPosition>[]>;
  /** Tweets committed before `before` whose fan-out has not completed (the outbox). */
  pendingFanOuts(before: number, limit: number): Promise<PostedTweet[]>;
  /** How many tweets' fan-outs have not completed, however young (the outbox's size, for the metrics). */
  pendingFanOutCount(): Promise<number>;
  completeFanOut(tweetId: string): Promise<void>;
}

/** The graph as the home timelines see it. */
export interface TimelineGraph {
  users: TimelineFollows;
  tweets: TimelineTweets;
}

/** The home timeline pages the timeline service reads (HomeTimelines). */
export interface HomePages {
  page(viewerId: string, limit: number, after?: IdPosition): Promise<FeedItem[]>;
}

export interface TimelineScope extends RequestScope {
  loaders: { tweetById: Loader<string, Tweet | undefined>; userById: Loader<string, User | undefined> };
  timelines: HomePages;
}
