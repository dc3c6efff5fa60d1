/**
 * Redis feed store
 *
 * Feeds as Redis sorted sets, shared by every instance, named and encoded by redis-layout.ts.
 * Each change is one Lua script (feed-scripts.ts) over the keys of one user, so it runs on Redis
 * Cluster as on one Redis; calls are auto-pipelined by the connection. A fan-out sends one call per
 * batch of followers to one Redis, and one call per follower to a cluster (its feeds are spread over
 * every slot, and ioredis routes a script with a variable key count by its first argument, the count,
 * so those must have a fixed count there).
 *
 * While Redis is away (see redis-link.ts) every call fails at once with FeedStoreUnavailable, so
 * readers answer from Neo4j and writers leave the feeds to the new epoch Redis comes back in.
 */
import { randomUUID } from 'node:crypto';
import type { Result } from 'ioredis';

import { isCluster, type RedisClient } from '../redis-connection';
import { ALWAYS_UP, RedisUnavailable, type CacheAccess, type CacheGate } from '../redis-link';
import { buildingFeedState, feedItemOfMember, feedMember, feedMetaOf, feedPageStart, type RedisLayout } from '../redis-layout';
import { COMPLETE_BUILD, FOLLOWED, MERGE, PAGE, PUSH, READY_META, REMOVE, UNFOLLOWED } from './feed-scripts';
import {
  FeedStoreUnavailable,
  UNFOLLOW_MARK_SECONDS,
  type FeedItem,
  type FeedKey,
  type FeedPage,
  type FeedSettings,
  type FeedStore,
  type FeedStoreHealth,
  type HomeRead,
} from '../../domain/timelines/feed-store';

/** Feeds per PUSH call on one Redis: big enough to amortize a call, small enough not to stall Redis. */
const PUSH_BATCH = 500;

/** PAGE's reply (read as Buffers, members being bytes): metadata, size, members; null when not ready. */
type PageReply = [Buffer, number, Buffer[]] | null;

/** A script's key or argument: members and page starts are bytes. */
type ScriptArgument = string | number | Buffer;

/** Registered once per connection and sent as EVALSHA, so a call carries the script's hash, not its text. */
const SCRIPTS = {
  feedPush: { lua: PUSH },
  feedPushOne: { lua: PUSH, numberOfKeys: 3 },
  feedMerge: { lua: MERGE, numberOfKeys: 2 },
  feedCompleteBuild: { lua: COMPLETE_BUILD, numberOfKeys: 2 },
  feedReadyMeta: { lua: READY_META, numberOfKeys: 2 },
  feedPage: { lua: PAGE, numberOfKeys: 2 },
  feedFollowed: { lua: FOLLOWED, numberOfKeys: 3 },
  feedUnfollowed: { lua: UNFOLLOWED, numberOfKeys: 3 },
  feedRemove: { lua: REMOVE, numberOfKeys: 2 },
};

declare module 'ioredis' {
  interface RedisCommander<Context> {
    feedPush(numberOfKeys: number, ...keysThenArguments: ScriptArgument[]): Result<number, Context>;
    feedPushOne(state: string, items: string, marks: string, member: Buffer, capacity: number, authorId: string): Result<number, Context>;
    feedMerge(state: string, items: string, capacity: number, ...members: Buffer[]): Result<number, Context>;
    feedCompleteBuild(
      state: string,
      items: string,
      token: string,
      ttlSeconds: number,
      capacity: number,
      meta: string,
      ...members: Buffer[]
    ): Result<number, Context>;
    feedReadyMeta(state: string, items: string, ttlSeconds: number): Result<string | null, Context>;
    feedPageBuffer(state: string, items: string, ttlSeconds: number, limit: number, start: Buffer | '-'): Result<PageReply, Context>;
    feedFollowed(marks: string, state: string, items: string, authorId: string, asMeta: '1' | '0'): Result<number, Context>;
    feedUnfollowed(marks: string, state: string, items: string, authorId: string, markSeconds: number): Result<number, Context>;
    feedRemove(state: string, items: string, member: Buffer, capacity: number): Result<number, Context>;
  }
}

export class RedisFeedStore implements FeedStore {
  private readonly cluster: boolean;

  /** `redis` is shared with the other Redis stores; its owner (shared-stores.ts) closes it. */
  constructor(
    private readonly redis: RedisClient,
    private readonly settings: FeedSettings,
    private readonly layout: RedisLayout,
    private readonly gate: CacheGate = ALWAYS_UP,
  ) {
    this.cluster = isCluster(redis);
    for (const [name, definition] of Object.entries(SCRIPTS)) {
      if (!(name in redis)) redis.defineCommand(name, definition);
    }
  }

  async beginBuild(feed: FeedKey): Promise<string> {
    const token = randomUUID();
    // A rebuild makes contents readers will trust: not while the cache warms up.
    await this.call('read', () =>
      this.redis.multi().del(this.layout.feedItems(feed)).set(this.layout.feedState(feed), buildingFeedState(token), 'EX', this.settings.ttlSeconds).exec(),
    );
    return token;
  }

  async completeBuild(feed: FeedKey, token: string, items: readonly FeedItem[], meta: readonly string[]): Promise<boolean> {
    const { ttlSeconds, capacity } = this.settings;
    const result = await this.call('read', () =>
      this.redis.feedCompleteBuild(this.layout.feedState(feed), this.layout.feedItems(feed), token, ttlSeconds, capacity, meta.join(','), ...members(items)),
    );
    return result === 1;
  }

  async readyMeta(feed: FeedKey): Promise<string[] | null> {
    const meta = await this.call('read', () => this.redis.feedReadyMeta(this.layout.feedState(feed), this.layout.feedItems(feed), this.settings.ttlSeconds));
    return meta === null ? null : feedMetaOf(meta);
  }

  async push(feeds: readonly FeedKey[], item: FeedItem, authorId: string): Promise<void> {
    const member = feedMember(item.tweetId);
    const { capacity } = this.settings;
    const keysOf = (feed: FeedKey) => [this.layout.feedState(feed), this.layout.feedItems(feed), this.layout.unfollowMarks(feed.id)] as const;
    await this.call('write', () =>
      this.cluster
        ? Promise.all(feeds.map((feed) => this.redis.feedPushOne(...keysOf(feed), member, capacity, authorId)))
        : Promise.all(
            batches(feeds).map((batch) => {
              const keys = batch.flatMap(keysOf);
              return this.redis.feedPush(keys.length, ...keys, member, capacity, authorId);
            }),
          ),
    );
  }

  async merge(feed: FeedKey, items: readonly FeedItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.call('write', () => this.redis.feedMerge(this.layout.feedState(feed), this.layout.feedItems(feed), this.settings.capacity, ...members(items)));
  }

  async followed(userId: string, authorId: string, asMeta: boolean): Promise<void> {
    const home: FeedKey = { kind: 'home', id: userId };
    await this.call('write', () =>
      this.redis.feedFollowed(this.layout.unfollowMarks(userId), this.layout.feedState(home), this.layout.feedItems(home), authorId, asMeta ? '1' : '0'),
    );
  }

  async unfollowed(userId: string, authorId: string): Promise<void> {
    const home: FeedKey = { kind: 'home', id: userId };
    await this.call('write', () =>
      this.redis.feedUnfollowed(this.layout.unfollowMarks(userId), this.layout.feedState(home), this.layout.feedItems(home), authorId, UNFOLLOW_MARK_SECONDS),
    );
  }

  async remove(feeds: readonly FeedKey[], tweetId: string): Promise<void> {
    const member = feedMember(tweetId);
    await this.call('write', () =>
      Promise.all(feeds.map((feed) => this.redis.feedRemove(this.layout.feedState(feed), this.layout.feedItems(feed), member, this.settings.capacity))),
    );
  }

  async invalidate(feeds: readonly FeedKey[]): Promise<void> {
    await this.call('write', () => Promise.all(feeds.map((feed) => this.redis.del(this.layout.feedState(feed), this.layout.feedItems(feed)))));
  }

  read(feed: FeedKey, limit: number, beforeId?: string): Promise<FeedItem[]> {
    return this.call('read', () => this.readItems(feed, limit, beforeId));
  }

  private async readItems(feed: FeedKey, limit: number, beforeId?: string): Promise<FeedItem[]> {
    const members = await this.redis.zrangeBuffer(this.layout.feedItems(feed), feedPageStart(beforeId), '+', 'BYLEX', 'LIMIT', 0, limit);
    return members.map(feedItemOfMember);
  }

  /** The home feed's page, then (only for a user who follows celebrities) their recent feeds' pages. */
  readHome(userId: string, limit: number, beforeId?: string): Promise<HomeRead | null> {
    return this.call('read', () => this.readHomeFeeds(userId, limit, beforeId));
  }

  private async readHomeFeeds(userId: string, limit: number, beforeId?: string): Promise<HomeRead | null> {
    const home: FeedKey = { kind: 'home', id: userId };
    const start = feedPageStart(beforeId);
    const homeReply = await this.readPage(home, limit, start);
    if (homeReply === null) return null;
    const celebrities = feedMetaOf(homeReply[0].toString());
    const read: HomeRead = { celebrities, pages: [pageOf(home, homeReply)], unready: [] };
    const recentReplies = await Promise.all(celebrities.map((id) => this.readPage({ kind: 'recent', id }, limit, start)));
    celebrities.forEach((id, index) => {
      const reply = recentReplies[index];
      if (reply) read.pages.push(pageOf({ kind: 'recent', id }, reply));
      else read.unready.push(id);
    });
    return read;
  }

  size(feed: FeedKey): Promise<number> {
    return this.call('read', () => this.redis.zcard(this.layout.feedItems(feed)));
  }

  /** One PING, bounded in time: a health check must answer quickly either way. */
  async health(timeoutMs = 3_000): Promise<FeedStoreHealth> {
    // Known to be down: no need to wait for a PING to say so.
    if (this.gate.state === 'down') return { store: 'redis', status: 'down', error: 'Redis is unreachable.' };
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`No answer within ${timeoutMs} ms.`)), timeoutMs);
      });
      await Promise.race([this.redis.ping(), timeout]);
      return {
        store: 'redis',
        status: 'up',
        latencyMs: Math.round(performance.now() - started),
        epoch: this.gate.epoch,
        warming: this.gate.state === 'warming',
      };
    } catch (error) {
      return { store: 'redis', status: 'down', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a command through the gate; Redis away is FeedStoreUnavailable, for the domain to fall back on Neo4j. */
  private async call<T>(access: CacheAccess, command: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(access, command);
    } catch (error) {
      if (error instanceof RedisUnavailable) throw new FeedStoreUnavailable(error.message, { cause: error });
      throw error;
    }
  }

  /** Nothing of its own to close: the connection's owner closes it. */
  async close(): Promise<void> {}

  private readPage(feed: FeedKey, limit: number, start: Buffer | '-'): Promise<PageReply> {
    return this.redis.feedPageBuffer(this.layout.feedState(feed), this.layout.feedItems(feed), this.settings.ttlSeconds, limit, start);
  }
}

function pageOf(feed: FeedKey, [, size, members]: NonNullable<PageReply>): FeedPage {
  return { feed, size, items: members.map(feedItemOfMember) };
}

/** Feeds in batches for one PUSH call each (on one Redis, where any feeds may share a call). */
function batches(feeds: readonly FeedKey[]): FeedKey[][] {
  const batches: FeedKey[][] = [];
  for (let start = 0; start < feeds.length; start += PUSH_BATCH) batches.push(feeds.slice(start, start + PUSH_BATCH));
  return batches;
}

/** The items' members oldest first, as MERGE and COMPLETE_BUILD take them (see ADD_CAPPED). */
function members(items: readonly FeedItem[]): Buffer[] {
  return items
    .map((item) => item.tweetId)
    .sort()
    .map(feedMember);
}
