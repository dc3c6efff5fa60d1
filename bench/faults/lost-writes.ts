/**
 * Lost writes
 *
 * Which acknowledged writes of a mixed load the graph does not hold: posts, follows and favorites
 * the API answered with data but Neo4j has not got. Read from Neo4j itself, never from a cache, so
 * a write that only a cache remembers counts as lost. The load never deletes, unfollows or
 * unfavorites, so every acknowledged write must still be there.
 */
import type { Graph } from '../../src/store/graph';
import type { AcknowledgedWrites } from './mixed-load';

export interface LostWrites {
  posts: string[];
  follows: { followerId: string; followeeId: string }[];
  favorites: { userId: string; tweetId: string }[];
}

/** Ids read per statement. */
const BATCH = 500;

export async function findLostWrites(graph: Graph, acknowledged: AcknowledgedWrites): Promise<LostWrites> {
  const lost: LostWrites = { posts: [], follows: [], favorites: [] };
  const postIds = [...new Set(acknowledged.posts.map((post) => post.id))];
  for (let start = 0; start < postIds.length; start += BATCH) {
    const ids = postIds.slice(start, start + BATCH);
    const found = new Set((await graph.read<{ tweet: { id: string } }>('tweets-by-ids', { ids })).map((row) => row.tweet.id));
    lost.posts.push(...ids.filter((id) => !found.has(id)));
  }
  for (const [followerId, followeeIds] of groupBy(
    acknowledged.follows,
    (follow) => follow.followerId,
    (follow) => follow.followeeId,
  )) {
    const rows = await graph.read<{ userId: string }>('viewer-follows', { viewerId: followerId, userIds: followeeIds });
    const found = new Set(rows.map((row) => row.userId));
    lost.follows.push(...followeeIds.filter((id) => !found.has(id)).map((followeeId) => ({ followerId, followeeId })));
  }
  for (const [userId, tweetIds] of groupBy(
    acknowledged.favorites,
    (favorite) => favorite.userId,
    (favorite) => favorite.tweetId,
  )) {
    for (let start = 0; start < tweetIds.length; start += BATCH) {
      const ids = tweetIds.slice(start, start + BATCH);
      const rows = await graph.read<{ tweetId: string }>('viewer-favorited', { viewerId: userId, tweetIds: ids });
      const found = new Set(rows.map((row) => row.tweetId));
      lost.favorites.push(...ids.filter((id) => !found.has(id)).map((tweetId) => ({ userId, tweetId })));
    }
  }
  return lost;
}

export function countLost(lost: LostWrites): number {
  return lost.posts.length + lost.follows.length + lost.favorites.length;
}

/** Distinct values per key. */
function groupBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? new Set<string>();
    group.add(value(item));
    groups.set(key(item), group);
  }
  return new Map([...groups].map(([name, values]) => [name, [...values]]));
}
