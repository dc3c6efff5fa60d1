/**
 * Records
 *
 * The domain's entities (src/domain/users/user.ts, src/domain/tweets/tweet.ts) mapped from node
 * properties, with only the fields the domain may see (a user's password hash travels separately,
 * in `Credentials`).
 */
import type { Tweet } from '../domain/tweets/tweet';
import type { User } from '../domain/users/user';

export type NodeProperties = Record<string, unknown>;

export function toUser(properties: NodeProperties): User {
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

export function toTweet(properties: NodeProperties): Tweet {
  return {
    id: properties.id as string,
    text: properties.text as string,
    createdAt: new Date(properties.createdAt as number),
    authorId: properties.authorId as string,
    favoriteCount: properties.favoriteCount as number,
    version: (properties.version as number | undefined) ?? 0,
  };
}
