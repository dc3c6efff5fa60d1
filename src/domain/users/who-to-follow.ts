/**
 * Who to follow
 *
 * People to offer someone whose home timeline is empty or thin: the most-followed users they do
 * not follow yet (nor themselves), most followed first, from a list kept in memory (refreshed
 * once a minute), with current counts from the record cache.
 */
import { mostFollowedUsers } from '../../store/most-followed-users';
import type { UserRecord } from '../../store/records';
import { badUserInput } from '../errors';
import type { RequestScope } from '../request-scope';
import { viewerId } from '../viewer';

export const WHO_TO_FOLLOW_MAX = 20;

export async function whoToFollow(scope: RequestScope, first: number): Promise<UserRecord[]> {
  if (!Number.isInteger(first) || first < 0 || first > WHO_TO_FOLLOW_MAX)
    throw badUserInput('first', `first must be a whole number from 0 to ${WHO_TO_FOLLOW_MAX}.`);
  if (first === 0) return [];
  const viewer = viewerId(scope.viewer);
  const candidates = (await mostFollowedUsers(scope.stores.graph).ids()).filter((id) => id !== viewer);
  const followed = viewer ? await scope.stores.users.followedBy(viewer, candidates) : new Set<string>();
  const chosen = candidates.filter((id) => !followed.has(id)).slice(0, first);
  const users = await scope.stores.users.findByIds(chosen);
  return users.filter((user): user is UserRecord => user !== undefined).sort((a, b) => b.followerCount - a.followerCount);
}
