/**
 * Who to follow
 *
 * People to offer someone whose home timeline is empty or thin: the most-followed users they do
 * not follow yet (nor themselves), most followed first, from a list kept in memory (refreshed
 * once a minute), with current counts from the record cache.
 */
import { badUserInput } from '../errors';
import { viewerId } from '../viewer';
import type { UserScope } from './ports';
import type { User } from './user';

export const WHO_TO_FOLLOW_MAX = 20;

export async function whoToFollow(scope: Pick<UserScope, 'viewer' | 'users' | 'mostFollowed'>, first: number): Promise<User[]> {
  if (!Number.isInteger(first) || first < 0 || first > WHO_TO_FOLLOW_MAX)
    throw badUserInput('first', `first must be a whole number from 0 to ${WHO_TO_FOLLOW_MAX}.`);
  if (first === 0) return [];
  const viewer = viewerId(scope.viewer);
  const candidates = (await scope.mostFollowed.ids()).filter((id) => id !== viewer);
  const followed = viewer ? await scope.users.followedBy(viewer, candidates) : new Set<string>();
  const chosen = candidates.filter((id) => !followed.has(id)).slice(0, first);
  const users = await scope.users.findByIds(chosen);
  return users.filter((user): user is User => user !== undefined).sort((a, b) => b.followerCount - a.followerCount);
}
