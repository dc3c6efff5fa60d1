import type { FeedItem } from './feed-store';

/**
 * Merges lists that are each newest first (and each without duplicates) into up to `limit` items,
 * newest first, without duplicates, stopping at the first item not newer than `horizon` (when
 * given). The hot path of every home page, so it merges rather than sorts.
 */
export function mergeNewestFirst(lists: readonly FeedItem[][], limit: number, horizon?: string): FeedItem[] {
  const isNewer = (item: FeedItem) => horizon === undefined || item.tweetId > horizon;
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) {
    const only = nonEmpty[0] ?? [];
    const end = only.findIndex((item, index) => index >= limit || !isNewer(item));
    return end < 0 ? only : only.slice(0, end);
  }
  const heads = nonEmpty.map((list) => ({ list, next: 0 }));
  const merged: FeedItem[] = [];
  while (merged.length < limit) {
    let newest: { item: FeedItem; head: (typeof heads)[number] } | undefined;
    for (const head of heads) {
      const item = head.list.at(head.next);
      if (item !== undefined && (newest === undefined || item.tweetId > newest.item.tweetId)) newest = { item, head };
    }
    if (newest === undefined || !isNewer(newest.item)) break;
    newest.head.next++;
    if (merged.at(-1)?.tweetId !== newest.item.tweetId) merged.push(newest.item);
  }
  return merged;
}
