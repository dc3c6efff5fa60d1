/**
 * Feed order
 *
 * Feed items are ordered by tweet id, newest first: tweet ids are UUIDv7, so the millisecond they
 * were made in leads and the rest breaks ties. Redis scores an item with that millisecond and, on
 * equal scores, orders members (`<tweetId>:<authorId>`) by their bytes, which is again id order.
 */
import { newestIdFirst, timeOfId } from '../../ids';
import type { FeedItem } from './feed-store';

export function scoreOf(tweetId: string): number {
  return timeOfId(tweetId);
}

export function memberOf(item: FeedItem): string {
  return `${item.tweetId}:${item.authorId}`;
}

export function itemOfMember(member: string): FeedItem {
  const separator = member.indexOf(':');
  return { tweetId: member.slice(0, separator), authorId: member.slice(separator + 1) };
}

export function newestItemFirst(a: FeedItem, b: FeedItem): number {
  return newestIdFirst(a.tweetId, b.tweetId);
}
