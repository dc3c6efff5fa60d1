/**
 * User store
 *
 * Users and the FOLLOWS relationships between them in Neo4j. Every count changes in the same
 * transaction as the relationship it counts.
 */
import { UniquenessViolation } from '../domain/conflicts';
import type { AccountRepository, Credentials, NewUser } from '../domain/accounts/ports';
import type { TokenVersions } from '../domain/accounts/authentication';
import type { CelebrityFollows } from '../domain/live/ports';
import type { TimePosition, PageRequest } from '../domain/page-request';
import type { TimelineFollows } from '../domain/timelines/ports';
import type { FollowChange, ProfileChanges, UserRepository } from '../domain/users/ports';
import { reviveUser, type User, type UserEntry } from '../domain/users/user';
import type { Graph } from './graph';
import { runPagedQuery } from './paged-query';
import { compareTimePositions, timeBound } from './page-request';
import type { RecordCache, Versioned } from './cache/record-cache';
import { readThrough } from './cache/read-through';
import { toUser, type NodeProperties } from './records';

/** A list size no follower count reaches: one row. */
const ALL_AT_ONCE = 2 ** 31 - 1;

/** A user with whether the viewer it was read for follows them, when that came with the user. */
export interface ViewedUser {
  user: User;
  /** Absent when the user came from the cache. */
  viewerFollows?: boolean;
}

/**
 * Who owns a handle, cached under the lower-cased handle (its `id`). A handle never changes and a
 * user is never deleted, so a copy is never stale and its version never matters; were handles ever
 * to change, the change would write the new owner through here, as writes do their users.
 */
interface HandleOwner extends Versioned {
  userId: string;
}

type UserRow = { user: NodeProperties };
type FollowRow = UserRow & { follower: NodeProperties; changed: boolean; celebrityChangePending: boolean };
type UserPageRow = UserRow & { key: number; at: number };

export class UserStore implements AccountRepository, UserRepository, TokenVersions, TimelineFollows, CelebrityFollows {
  constructor(
    private readonly graph: Graph,
    private readonly cache: RecordCache,
  ) {}

  /** Creates the user; a retried create whose first commit went through answers that user. */
  async create(user: NewUser): Promise<User> {
    const [row] = await this.graph.write<UserRow>('create-user', { ...user }).catch(async (error: unknown) => {
      if (!(error instanceof UniquenessViolation)) throw error;
      const stored = await this.graph.read<UserRow>('user-by-id-and-handle-key', { id: user.id, handleKey: user.handleKey });
      if (stored.length === 0) throw error;
      return stored;
    });
    // CREATE always returns its row: none would mean the driver lost it.
    if (!row) throw new Error('create-user returned no row.');
    const created = toUser(row.user);
    await Promise.all([this.cached(created), this.cache.putMany('handle', [handleOwner(row.user.handleKey as string, created.id)])]);
    return created;
  }

  /** Users in the order of `ids`, `undefined` where none exists; from the cache where it has them. */
  findByIds(ids: readonly string[]): Promise<(User | undefined)[]> {
    return readThrough(this.cache, 'user', ids, reviveUser, async (missing) => {
      const rows = await this.graph.read<UserRow>('users-by-ids', { ids: missing });
      return rows.map((row) => toUser(row.user));
    });
  }

  /**
   * Users in the order of `handleKeys` (lower-cased handles), `undefined` where none exists. Where
   * the cache has both the handle's owner and the user, no round trip; the rest come from Neo4j in
   * one, each with whether `viewerId` (if any) follows them, and are cached.
   */
  async findViewedByHandleKeys(handleKeys: readonly string[], viewerId: string | null): Promise<(ViewedUser | undefined)[]> {
    const cached = await this.cachedByHandleKeys(handleKeys);
    const missing = handleKeys.filter((_, index) => cached[index] === undefined);
    if (missing.length === 0) return cached.map((user) => user && { user });
    const rows = await this.graph.read<UserRow & { viewerFollows: boolean }>('viewed-users-by-handle-keys', { handleKeys: missing, viewerId });
    const loaded = rows.map((row) => ({ key: row.user.handleKey as string, user: toUser(row.user), viewerFollows: row.viewerFollows }));
    const users = loaded.map(({ user }) => user);
    const owners = loaded.map(({ key, user }) => handleOwner(key, user.id));
    await Promise.all([this.cache.fill('user', users), this.cache.fill('handle', owners)]);
    const byKey = new Map(loaded.map(({ key, ...viewed }) => [key, viewed]));
    return handleKeys.map((key, index) => {
      const user = cached[index];
      return user ? { user } : byKey.get(key);
    });
  }

  async credentialsByHandleKey(handleKey: string): Promise<Credentials | undefined> {
    const [row] = await this.graph.read<UserRow>('users-by-handle-keys', { handleKeys: [handleKey] });
    return row && { user: toUser(row.user), passwordHash: row.user.passwordHash as string };
  }

  async credentialsById(id: string): Promise<Credentials | undefined> {
    const [row] = await this.graph.read<UserRow>('users-by-ids', { ids: [id] });
    return row && { user: toUser(row.user), passwordHash: row.user.passwordHash as string };
  }

  /**
   * The user's token version (0 when never bumped), through the cache, or with `fresh` from Neo4j
   * (written through to the cache); undefined: no such user.
   */
  async tokenVersionOf(id: string, { fresh = false }: { fresh?: boolean } = {}): Promise<number | undefined> {
    if (!fresh) {
      const [user] = await this.findByIds([id]);
      return user && (user.tokenVersion ?? 0);
    }
    const [row] = await this.graph.read<UserRow>('users-by-ids', { ids: [id] });
    if (!row) return undefined;
    const user = toUser(row.user);
    await this.cache.putMany('user', [user]);
    return user.tokenVersion ?? 0;
  }

  /** Stores a new password hash and ends the user's sessions (a new token version). */
  async changePassword(id: string, passwordHash: string): Promise<User | undefined> {
    const [row] = await this.graph.write<UserRow>('change-password', { id, passwordHash });
    return row && this.cached(toUser(row.user));
  }

  /** Ends every session of the user: tokens issued before now are refused. */
  async endSessions(id: string): Promise<User | undefined> {
    const [row] = await this.graph.write<UserRow>('end-sessions', { id });
    return row && this.cached(toUser(row.user));
  }

  async updateProfile(id: string, changes: ProfileChanges): Promise<User | undefined> {
    const [row] = await this.graph.write<UserRow>('update-profile', {
      id,
      displayName: changes.displayName ?? null,
      bio: changes.bio ?? null,
    });
    return row && this.cached(toUser(row.user));
  }

  /**
   * Follows, and marks the followee as pending a celebrity change when this follow brings it to
   * `celebrityMinFollowers` followers (the domain's CelebrityPolicy says how many).
   */
  follow(followerId: string, followeeId: string, at: number, celebrityMinFollowers: number): Promise<FollowChange | undefined> {
    return this.changeFollow('follow-user', { followerId, followeeId, at, celebrityMinFollowers });
  }

  /** Unfollows; the mirror of `follow` for the celebrity threshold. */
  unfollow(followerId: string, followeeId: string, celebrityMinFollowers: number): Promise<FollowChange | undefined> {
    return this.changeFollow('unfollow-user', { followerId, followeeId, at: 0, celebrityMinFollowers });
  }

  /** Users whose celebrity status changed and whose followers' timelines are not yet settled. */
  async pendingCelebrityChanges(limit: number): Promise<string[]> {
    return (await this.graph.read<{ id: string }>('pending-celebrity-changes', { limit })).map((row) => row.id);
  }

  async completeCelebrityChange(userId: string): Promise<void> {
    await this.graph.write('complete-celebrity-change', { userId });
  }

  /** Which of `userIds` the viewer follows. */
  async followedBy(viewerId: string, userIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.graph.read<{ userId: string }>('viewer-follows', { viewerId, userIds });
    return new Set(rows.map((row) => row.userId));
  }

  async followerIds(userId: string): Promise<string[]> {
    return (await this.graph.read<{ ids: string[] }>('follower-id-batches', { userId, size: ALL_AT_ONCE })).flatMap((row) => row.ids);
  }

  /** A user's followers' ids in lists of up to `size`, each yielded as soon as it arrives (not retried). */
  async *followerIdBatches(userId: string, size: number): AsyncGenerator<string[]> {
    for await (const row of this.graph.stream<{ ids: string[] }>('follower-id-batches', { userId, size })) yield row.ids;
  }

  async followedCelebrityIds(userId: string, celebrityMinFollowers: number): Promise<string[]> {
    return (await this.graph.read<{ id: string }>('followed-celebrity-ids', { userId, celebrityMinFollowers })).map((row) => row.id);
  }

  followersPages(requests: readonly PageRequest<TimePosition>[]): Promise<UserEntry[][]> {
    return this.userPages('followers-pages', requests);
  }

  followingPages(requests: readonly PageRequest<TimePosition>[]): Promise<UserEntry[][]> {
    return this.userPages('following-pages', requests);
  }

  /** Owners here are tweets: who favorited each, most recent first. */
  favoritedByPages(requests: readonly PageRequest<TimePosition>[]): Promise<UserEntry[][]> {
    return this.userPages('favorited-by-pages', requests);
  }

  private async userPages(statement: string, requests: readonly PageRequest<TimePosition>[]): Promise<UserEntry[][]> {
    const pages = await runPagedQuery<TimePosition, UserPageRow>(this.graph, statement, requests, (request) => timeBound(request.after));
    return pages.map((rows) =>
      rows
        .map((row) => ({ user: toUser(row.user), position: { at: row.at, id: row.user.id as string } }))
        .sort((a, b) => compareTimePositions(b.position, a.position)),
    );
  }

  private async changeFollow(statement: string, parameters: { followerId: string; followeeId: string; at: number; celebrityMinFollowers: number }) {
    const [row] = await this.graph.write<FollowRow>(statement, parameters);
    if (!row) return undefined;
    const followee = toUser(row.user);
    await this.cache.putMany('user', [followee, toUser(row.follower)]);
    return { node: followee, changed: row.changed, celebrityChangePending: row.celebrityChangePending };
  }

  /** Users whose handle's owner and record are both cached, in the order of `handleKeys`; `undefined` for the rest. */
  private async cachedByHandleKeys(handleKeys: readonly string[]): Promise<(User | undefined)[]> {
    const owners = await this.cache.getMany<HandleOwner>('handle', handleKeys);
    const ownerIds = owners.flatMap((owner) => (owner ? [owner.userId] : []));
    const users = await this.cache.getMany<User>('user', ownerIds);
    const byId = new Map(users.flatMap((user) => (user ? [[user.id, reviveUser(user)] as const] : [])));
    return owners.map((owner) => (owner ? byId.get(owner.userId) : undefined));
  }

  /** Writes a record from a write through to the cache. */
  async cached(user: User): Promise<User> {
    await this.cache.putMany('user', [user]);
    return user;
  }
}

function handleOwner(handleKey: string, userId: string): HandleOwner {
  return { id: handleKey, version: 0, userId };
}
