/**
 * User
 *
 * A user as the domain hands it out: profile and stored counts, never the password hash (that
 * travels separately, in `Credentials`, to the one service that checks it).
 */
import type { TimePosition } from '../page-request';

export interface User {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  createdAt: Date;
  followerCount: number;
  followingCount: number;
  tweetCount: number;
  /** How many writes the node has had: caches keep the copy with the highest. */
  version: number;
  /** Tokens issued under a lower version are refused (password changed, logged out everywhere); absent: 0. */
  tokenVersion?: number;
}

/** A user in a list ordered by when the relationship was made (followers, following, favoriters). */
export interface UserEntry {
  user: User;
  position: TimePosition;
}

/** A user back from JSON (a cache, an event): its dates are strings again. */
export function reviveUser(user: User): User {
  return { ...user, createdAt: new Date(user.createdAt) };
}
