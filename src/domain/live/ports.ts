/**
 * Live ports
 *
 * What the live feeds read from the graph (which celebrities a home subscription listens to; the
 * events themselves travel on the EventBus port, event-bus.ts), and what the live service opens
 * during a request. The store's UserStore implements the first, LiveFeeds the second.
 */
import type { RequestScope } from '../request-scope';
import type { EventStream } from './event-stream';
import type { LiveTweet } from './live-feeds';

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

export interface LiveScope extends RequestScope {
  live: LiveStreams;
}
