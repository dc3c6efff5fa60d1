/** The feeds the timelines keep, named once: a user's home feed and an author's recent tweets. */
import type { FeedItem, FeedKey } from './feed-store';

export function homeFeed(userId: string): FeedKey {
  return { kind: 'home', id: userId };
}

export function recentFeed(authorId: string): FeedKey {
  return { kind: 'recent', id: authorId };
}

/** What a feed keeps of a tweet. */
export function feedItemOf(tweet: { id: string }): FeedItem {
  return { tweetId: tweet.id };
}
