/**
 * Tweet
 *
 * A tweet as the domain hands it out: text, author id and stored favorite count.
 */
import type { User } from '../users/user';

export interface Tweet {
  id: string;
  text: string;
  createdAt: Date;
  authorId: string;
  favoriteCount: number;
  /** How many writes the node has had: caches keep the copy with the highest. */
  version: number;
}

/** A tweet in a list, with its position there (its id, or when it was favorited). */
export interface TweetEntry<Position> {
  tweet: Tweet;
  position: Position;
}

/**
 * A tweet just committed, with its author's follower count at that moment (which decides its
 * fan-out) and the author's record as that write left it (which live events carry to subscribers).
 */
export interface PostedTweet {
  tweet: Tweet;
  authorFollowerCount: number;
  author: User;
  /** Set when the tweet was stored by an earlier attempt of the same post, with whether its fan-out is still to do. */
  repeated?: { fanOutPending: boolean };
}

/** A tweet back from JSON (a cache, an event). Field by field rather than spread: it runs for every tweet of every page. */
export function reviveTweet(tweet: Tweet): Tweet {
  const { id, text, createdAt, authorId, favoriteCount, version } = tweet;
  return { id, text, createdAt: new Date(createdAt), authorId, favoriteCount, version };
}
