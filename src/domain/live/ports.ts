/**
 * Live ports
 *
 * What the live feeds read from the graph (which celebrities a home subscription listens to; the
 * events themselves travel on the EventBus port, event-bus.ts), what the live service opens
 * during a request, and the subscription's reads as its events pass. The store's UserStore
 * implements the first, LiveFeeds the second, the request's loaders the third.
 */
import type { RequestScope } from '../request-scope';
import type { Tweet } from '../tweets/tweet';
import type { User } from '../users/user';
import type { EventStream } from './event-stream';
import type { WatchedIds } from './watched-ids';

/**
 * A tweet as a live event carries it; `deleted` only in the event announcing its deletion; `author`
 * (its author's record) in the events of a new tweet.
 */
export type LiveTweet = Tweet & { deleted?: boolean; author?: User };

export interface CelebrityFollows {
  /** The celebrities (by `celebrityMinFollowers`) the user follows. */
  followedCelebrityIds(userId: string, celebrityMinFollowers: number): Promise<string[]>;
}

/** The streams a subscription reads (LiveFeeds). */
export interface LiveStreams {
  homeTimeline(userId: string): Promise<EventStream<LiveTweet>>;
  authorTweets(authorId: string): Promise<EventStream<LiveTweet>>;
  tweetUpdates(tweetId: string): Promise<EventStream<LiveTweet>>;
}

/** A subscription's reads: what one event's selection reads is cached for that event only. */
export interface EventReads {
  /** Forgets what the previous event read (each event reads current counts), and takes `users`, carried by the event, as read. */
  startEvent(users: readonly User[]): void;
}

export interface LiveScope extends RequestScope {
  live: LiveStreams;
  events: EventReads;
  /** The ids the subscription's connection watches (WebSocket); none over HTTP, which holds no streams. */
  watched?: WatchedIds;
}
