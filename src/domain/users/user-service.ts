/**
 * Users
 *
 * Profiles, following, and the lists a profile shows (tweets, followers, following, favorites).
 */
import { badUserInput, notFound } from '../errors';
import { isId } from '../../ids';
import { decodeIdCursor, decodeTimeCursor, encodeIdCursor, encodeTimeCursor, pageSize, toConnection, type Connection, type PageArguments } from '../pagination';
import { requireSignedIn } from '../viewer';
import type { Tweet } from '../tweets/tweet';
import type { UserListName, UserScope } from './ports';
import { checkBio, checkDisplayName, handleKey, isHandle } from './profile-rules';
import type { User } from './user';
import { whoToFollow } from './who-to-follow';

export interface ProfileInput {
  displayName?: string | null;
  bio?: string | null;
}

export class UserService {
  constructor(private readonly scope: UserScope) {}

  async me(): Promise<User | null> {
    if (!this.scope.viewer.signedIn) return null;
    return (await this.scope.loaders.userById.load(this.scope.viewer.userId)) ?? null;
  }

  async byHandle(handle: string): Promise<User | null> {
    if (!isHandle(handle)) return null;
    return (await this.scope.loaders.userByHandleKey.load(handleKey(handle))) ?? null;
  }

  /** The most-followed users the viewer does not follow yet (see who-to-follow.ts). */
  whoToFollow(first: number): Promise<User[]> {
    return whoToFollow(this.scope, first);
  }

  async byId(id: string): Promise<User | null> {
    if (!isId(id)) return null;
    return (await this.scope.loaders.userById.load(id)) ?? null;
  }

  async updateProfile(input: ProfileInput): Promise<User> {
    const userId = requireSignedIn(this.scope.viewer, 'update your profile');
    const changes = {
      displayName: input.displayName == null ? undefined : checkDisplayName(input.displayName),
      bio: input.bio == null ? undefined : checkBio(input.bio),
    };
    await this.scope.rateLimits?.userAction('accountChanges', userId);
    const user = await this.scope.users.updateProfile(userId, changes);
    if (!user) throw notFound('Your account no longer exists.');
    return user;
  }

  /** Follows `userId` and returns that user; following twice changes nothing. */
  async follow(userId: string): Promise<User> {
    const viewerId = requireSignedIn(this.scope.viewer, 'follow someone');
    if (userId === viewerId) throw badUserInput('userId', 'You cannot follow yourself.');
    await this.scope.rateLimits?.userAction('follows', viewerId);
    await this.requireUser(userId);
    const { users, timelines } = this.scope;
    const change = await users.follow(viewerId, userId, Date.now(), timelines.celebrities.minFollowers);
    if (!change) throw notFound(`No user has the id "${userId}".`);
    // Also when nothing changed: a repeated follow heals a timeline a crash left unmerged.
    await timelines.followed(viewerId, change);
    return change.node;
  }

  /** Unfollows `userId` and returns that user; unfollowing someone not followed changes nothing. */
  async unfollow(userId: string): Promise<User> {
    const viewerId = requireSignedIn(this.scope.viewer, 'unfollow someone');
    if (userId === viewerId) throw badUserInput('userId', 'You cannot unfollow yourself.');
    await this.scope.rateLimits?.userAction('follows', viewerId);
    await this.requireUser(userId);
    const { users, timelines } = this.scope;
    const change = await users.unfollow(viewerId, userId, timelines.celebrities.minFollowers);
    if (!change) throw notFound(`No user has the id "${userId}".`);
    await timelines.unfollowed(viewerId, change);
    return change.node;
  }

  viewerFollows(user: User): Promise<boolean> {
    return this.scope.loaders.viewerFollows.load(user.id);
  }

  async tweets(user: User, page: PageArguments): Promise<Connection<Tweet>> {
    const size = pageSize(page.first);
    const entries = await this.scope.loaders.authorTweets.load({ ownerId: user.id, limit: size + 1, after: decodeIdCursor(page.after) });
    return toConnection(
      entries,
      size,
      (entry) => entry.tweet,
      (entry) => encodeIdCursor(entry.position),
    );
  }

  async favorites(user: User, page: PageArguments): Promise<Connection<Tweet>> {
    const size = pageSize(page.first);
    const entries = await this.scope.loaders.favorites.load({ ownerId: user.id, limit: size + 1, after: decodeTimeCursor(page.after) });
    return toConnection(
      entries,
      size,
      (entry) => entry.tweet,
      (entry) => encodeTimeCursor(entry.position),
    );
  }

  followers(user: User, page: PageArguments): Promise<Connection<User>> {
    return this.userList('followers', user.id, page);
  }

  following(user: User, page: PageArguments): Promise<Connection<User>> {
    return this.userList('following', user.id, page);
  }

  /** A page of a list of users ordered by when the relationship was made: followers, following, favoriters. */
  async userList(list: UserListName, ownerId: string, page: PageArguments): Promise<Connection<User>> {
    const size = pageSize(page.first);
    const entries = await this.scope.loaders[list].load({ ownerId, limit: size + 1, after: decodeTimeCursor(page.after) });
    return toConnection(
      entries,
      size,
      (entry) => entry.user,
      (entry) => encodeTimeCursor(entry.position),
    );
  }

  private async requireUser(userId: string): Promise<User> {
    const user = await this.byId(userId);
    if (!user) throw notFound(`No user has the id "${userId}".`);
    return user;
  }
}
