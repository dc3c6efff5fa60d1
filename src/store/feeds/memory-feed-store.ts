/**
 * Memory feed store
 *
 * The feed store of a single instance without Redis: the same contract as the Redis one, in
 * process memory, with the same capacity and expiry.
 */
import { randomUUID } from 'node:crypto';

import { newestIdFirst } from '../../ids';
import {
  UNFOLLOW_MARK_SECONDS,
  type FeedItem,
  type FeedKey,
  type FeedSettings,
  type FeedStore,
  type FeedStoreHealth,
  type HomeRead,
} from '../../domain/timelines/feed-store';

/** Expired feeds are dropped when read, and all of them every this many builds (inactive users' too). */
const SWEEP_EVERY_BUILDS = 1_000;

interface Feed {
  state: { phase: 'building'; token: string } | { phase: 'ready'; meta: string[] };
  /** Newest first; tweet ids are unique within a feed. */
  items: FeedItem[];
  expiresAt: number;
}

export class MemoryFeedStore implements FeedStore {
  private readonly feeds = new Map<string, Feed>();
  private readonly unfollowMarks = new Map<string, number>();
  private buildsSinceSweep = 0;

  constructor(private readonly settings: FeedSettings) {}

  async beginBuild(key: FeedKey): Promise<string> {
    if (++this.buildsSinceSweep >= SWEEP_EVERY_BUILDS) this.forgetExpiredFeeds();
    const token = randomUUID();
    this.feeds.set(name(key), { state: { phase: 'building', token }, items: [], expiresAt: this.expiry() });
    return token;
  }

  async completeBuild(key: FeedKey, token: string, items: readonly FeedItem[], meta: readonly string[]): Promise<boolean> {
    const feed = this.unexpired(key);
    if (!feed || feed.state.phase !== 'building' || feed.state.token !== token) return false;
    this.add(feed, items);
    feed.state = { phase: 'ready', meta: [...meta] };
    feed.expiresAt = this.expiry();
    return true;
  }

  async readyMeta(key: FeedKey): Promise<string[] | null> {
    const feed = this.unexpired(key);
    if (!feed || feed.state.phase !== 'ready') return null;
    feed.expiresAt = this.expiry();
    return [...feed.state.meta];
  }

  async push(keys: readonly FeedKey[], item: FeedItem, authorId: string): Promise<void> {
    for (const key of keys) {
      const feed = this.unexpired(key);
      if (!feed) continue;
      if (key.kind === 'home' && this.isMarkedUnfollowed(key.id, authorId)) continue;
      this.add(feed, [item]);
    }
  }

  async merge(key: FeedKey, items: readonly FeedItem[]): Promise<void> {
    const feed = this.unexpired(key);
    if (feed) this.add(feed, items);
  }

  async followed(userId: string, authorId: string, asMeta: boolean): Promise<void> {
    this.unfollowMarks.delete(`${userId}:${authorId}`);
    const key = { kind: 'home' as const, id: userId };
    const feed = this.unexpired(key);
    if (!asMeta || !feed) return;
    if (feed.state.phase === 'building') this.feeds.delete(name(key));
    else if (!feed.state.meta.includes(authorId)) feed.state.meta.push(authorId);
  }

  async unfollowed(userId: string, authorId: string): Promise<void> {
    this.forgetExpiredMarks();
    this.unfollowMarks.set(`${userId}:${authorId}`, Date.now() + UNFOLLOW_MARK_SECONDS * 1000);
    // As in Redis: items do not say who wrote them, so the feed is rebuilt rather than filtered.
    this.feeds.delete(name({ kind: 'home', id: userId }));
  }

  async remove(keys: readonly FeedKey[], tweetId: string): Promise<void> {
    for (const key of keys) {
      const feed = this.unexpired(key);
      if (!feed || !feed.items.some((item) => item.tweetId === tweetId)) continue;
      if (feed.items.length >= this.settings.capacity) this.feeds.delete(name(key));
      else feed.items = feed.items.filter((item) => item.tweetId !== tweetId);
    }
  }

  async invalidate(keys: readonly FeedKey[]): Promise<void> {
    for (const key of keys) this.feeds.delete(name(key));
  }

  async read(key: FeedKey, limit: number, beforeId?: string): Promise<FeedItem[]> {
    const items = this.unexpired(key)?.items ?? [];
    const start = beforeId === undefined ? 0 : items.findIndex((item) => item.tweetId < beforeId);
    return start < 0 ? [] : items.slice(start, start + limit);
  }

  async readHome(userId: string, limit: number, beforeId?: string): Promise<HomeRead | null> {
    const home: FeedKey = { kind: 'home', id: userId };
    const celebrities = await this.readyMeta(home);
    if (celebrities === null) return null;
    const read: HomeRead = { celebrities, pages: [], unready: [] };
    for (const key of [home, ...celebrities.map((id): FeedKey => ({ kind: 'recent', id }))]) {
      if (key.kind === 'recent' && (await this.readyMeta(key)) === null) read.unready.push(key.id);
      else read.pages.push({ feed: key, items: await this.read(key, limit, beforeId), size: await this.size(key) });
    }
    return read;
  }

  async size(key: FeedKey): Promise<number> {
    return this.unexpired(key)?.items.length ?? 0;
  }

  async health(): Promise<FeedStoreHealth> {
    return { store: 'memory', status: 'up' };
  }

  async close(): Promise<void> {
    this.feeds.clear();
  }

  /** The feed unless it has expired (an expired one is forgotten here). */
  private unexpired(key: FeedKey): Feed | undefined {
    const feed = this.feeds.get(name(key));
    if (feed && feed.expiresAt <= Date.now()) {
      this.feeds.delete(name(key));
      return undefined;
    }
    return feed;
  }

  private add(feed: Feed, items: readonly FeedItem[]): void {
    const known = new Set(feed.items.map((item) => item.tweetId));
    const fresh = items.filter((item) => !known.has(item.tweetId) && (known.add(item.tweetId), true));
    feed.items = [...feed.items, ...fresh].sort((a, b) => newestIdFirst(a.tweetId, b.tweetId)).slice(0, this.settings.capacity);
  }

  private isMarkedUnfollowed(userId: string, authorId: string): boolean {
    const until = this.unfollowMarks.get(`${userId}:${authorId}`);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.unfollowMarks.delete(`${userId}:${authorId}`);
    return false;
  }

  private forgetExpiredFeeds(): void {
    this.buildsSinceSweep = 0;
    const now = Date.now();
    for (const [key, feed] of this.feeds) if (feed.expiresAt <= now) this.feeds.delete(key);
  }

  /** Marks expire like Redis keys would; swept when new ones are made, so they cannot pile up. */
  private forgetExpiredMarks(): void {
    const now = Date.now();
    for (const [key, until] of this.unfollowMarks) if (until <= now) this.unfollowMarks.delete(key);
  }

  private expiry(): number {
    return Date.now() + this.settings.ttlSeconds * 1000;
  }
}

function name(key: FeedKey): string {
  return `${key.kind}:${key.id}`;
}
