/**
 * User ports
 *
 * What the user service works with during one request, each as narrow as its use: the viewer,
 * the reads it makes through the request's loaders, the profile and follow writes, the timelines a
 * follow keeps current, and the most-followed list "who to follow" offers from. The store
 * implements the repository (UserStore) and the loaders (src/store/loaders.ts); src/context.ts
 * wires them in.
 */
import type { RateLimits } from '../limits/rate-limits';
import type { Loader } from '../loader';
import type { IdPosition, PageRequest, TimePosition } from '../page-request';
import type { RelationshipChange } from '../relationship-change';
import type { RequestScope } from '../request-scope';
import type { CelebrityPolicy } from '../timelines/celebrity-policy';
import type { TweetEntry } from '../tweets/tweet';
import type { User, UserEntry } from './user';

export interface ProfileChanges {
  displayName?: string;
  bio?: string;
}

export interface FollowChange extends RelationshipChange<User> {
  /** The followee crossed the celebrity threshold and its followers' timelines are to be settled. */
  celebrityChangePending: boolean;
}

/** The lists of users a profile or a tweet shows, ordered by when the relationship was made. */
export type UserListName = 'followers' | 'following' | 'favoritedBy';

export interface UserLoaders extends Record<UserListName, Loader<PageRequest<TimePosition>, UserEntry[]>> {
  userById: Loader<string, User | undefined>;
  /** Keyed by lower-cased handle. */
  userByHandleKey: Loader<string, User | undefined>;
  /** Whether the viewer follows the user; false for everyone when signed out. */
  viewerFollows: Loader<string, boolean>;
  authorTweets: Loader<PageRequest<IdPosition>, TweetEntry<IdPosition>[]>;
  favorites: Loader<PageRequest<TimePosition>, TweetEntry<TimePosition>[]>;
}

export interface UserRepository {
  /** undefined: no such user. */
  updateProfile(id: string, changes: ProfileChanges): Promise<User | undefined>;
  /** Idempotent; undefined when either user does not exist. */
  follow(followerId: string, followeeId: string, at: number, celebrityMinFollowers: number): Promise<FollowChange | undefined>;
  unfollow(followerId: string, followeeId: string, celebrityMinFollowers: number): Promise<FollowChange | undefined>;
  /** Which of `userIds` the viewer follows. */
  followedBy(viewerId: string, userIds: readonly string[]): Promise<Set<string>>;
  findByIds(ids: readonly string[]): Promise<(User | undefined)[]>;
}

/** The home timelines as a follow or an unfollow changes them (HomeTimelines). */
export interface FollowTimelines {
  readonly celebrities: Pick<CelebrityPolicy, 'minFollowers'>;
  followed(followerId: string, change: FollowChange): Promise<void>;
  unfollowed(followerId: string, change: FollowChange): Promise<void>;
}

/** The ids of the most-followed users, most followed first (a list kept in memory, see who-to-follow.ts). */
export interface MostFollowed {
  ids(): Promise<string[]>;
}

export interface UserScope extends RequestScope {
  loaders: UserLoaders;
  users: UserRepository;
  timelines: FollowTimelines;
  mostFollowed: MostFollowed;
  /** Absent where nothing is limited (domain tests). */
  rateLimits?: Pick<RateLimits, 'userAction'>;
}
