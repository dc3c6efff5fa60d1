/**
 * Records
 *
 * What the stores hand to the domain: plain objects mapped from node properties, with only the
 * fields the domain may see (a user's password hash travels separately, in `Credentials`).
 */
export interface UserRecord {
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

export interface TweetRecord {
  id: string;
  text: string;
  createdAt: Date;
  authorId: string;
  favoriteCount: number;
  version: number;
}

export type NodeProperties = Record<string, unknown>;

export function toUserRecord(properties: NodeProperties): UserRecord {
  return {
    id: properties.id as string,
    handle: properties.handle as string,
    displayName: properties.displayName as string,
    bio: properties.bio as string,
    createdAt: new Date(properties.createdAt as number),
    followerCount: properties.followerCount as number,
    followingCount: properties.followingCount as number,
    tweetCount: properties.tweetCount as number,
    version: (properties.version as number | undefined) ?? 0,
    ...(typeof properties.tokenVersion === 'number' && properties.tokenVersion > 0 ? { tokenVersion: properties.tokenVersion } : {}),
  };
}

export function toTweetRecord(properties: NodeProperties): TweetRecord {
  return {
    id: properties.id as string,
    text: properties.text as string,
    createdAt: new Date(properties.createdAt as number),
    authorId: properties.authorId as string,
    favoriteCount: properties.favoriteCount as number,
    version: (properties.version as number | undefined) ?? 0,
  };
}

/** A record back from a cache's JSON: its dates are strings again. */
export function reviveUser(record: UserRecord): UserRecord {
  return { ...record, createdAt: new Date(record.createdAt) };
}

/** Field by field rather than spread: it runs for every tweet of every page. */
export function reviveTweet(record: TweetRecord): TweetRecord {
  const { id, text, createdAt, authorId, favoriteCount, version } = record;
  return { id, text, createdAt: new Date(createdAt), authorId, favoriteCount, version };
}
