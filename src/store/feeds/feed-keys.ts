/**
 * Feed keys
 *
 * The one place Redis key names for feeds are made. Everything is under a prefix
 * (REDIS_KEY_PREFIX), so tests and several deployments can share one Redis.
 */
import type { FeedKey } from './feed-store';

export class FeedKeys {
  constructor(private readonly prefix: string) {}

  /** Sorted set of `<tweetId>:<authorId>` scored by the tweet's millisecond. */
  items(feed: FeedKey): string {
    return `${this.prefix}feed:${feed.kind}:${feed.id}`;
  }

  /** `building:<token>` or `ready:<comma-separated metadata>`. */
  state(feed: FeedKey): string {
    return `${this.prefix}feed-state:${feed.kind}:${feed.id}`;
  }

  /** Present for a while after `userId` unfollowed `authorId`. */
  unfollowMark(userId: string, authorId: string): string {
    return `${this.prefix}unfollowed:${userId}:${authorId}`;
  }

  /** A mark key that is never set, for feeds that take no unfollow marks. */
  get noMark(): string {
    return `${this.prefix}unfollowed:none`;
  }
}
