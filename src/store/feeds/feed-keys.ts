/**
 * Feed keys
 *
 * The one place Redis key names for feeds are made. Everything is under a prefix
 * (REDIS_KEY_PREFIX), so tests and several deployments can share one Redis. Scripts that touch
 * many feeds get the name prefixes of a kind and append the ids themselves, so a fan-out sends ids
 * rather than three long key names per follower.
 */
import type { FeedKey, FeedKind } from './feed-store';

export class FeedKeys {
  constructor(private readonly prefix: string) {}

  /** Sorted set of `<tweetId>:<authorId>` scored by the tweet's millisecond. */
  items(feed: FeedKey): string {
    return this.itemsPrefix(feed.kind) + feed.id;
  }

  /** `building:<token>` or `ready:<comma-separated metadata>`. */
  state(feed: FeedKey): string {
    return this.statePrefix(feed.kind) + feed.id;
  }

  itemsPrefix(kind: FeedKind): string {
    return `${this.prefix}feed:${kind}:`;
  }

  statePrefix(kind: FeedKind): string {
    return `${this.prefix}feed-state:${kind}:`;
  }

  /**
   * Sorted set of the users who unfollowed `authorId` in the last while, scored by when their mark
   * expires: one per author, so a fan-out checks all its followers' marks with one read.
   */
  unfollowMarks(authorId: string): string {
    return `${this.prefix}unfollowed-by:${authorId}`;
  }

  /** A marks key that is never set, for feeds that take no unfollow marks. */
  get noMarks(): string {
    return `${this.prefix}unfollowed-by:none`;
  }
}
