/**
 * Redis feed store
 *
 * Feeds as Redis sorted sets (see feed-order.ts for the scoring), shared by every instance. Each
 * change is one Lua script (feed-scripts.ts); fan-out pushes go in pipelined batches.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

import { itemOfMember, memberOf, scoreOf } from './feed-order';
import { FeedKeys } from './feed-keys';
import { COMPLETE_BUILD, FOLLOWED, HOME_PAGE, MERGE, PUSH, READY_META, REMOVE, UNFOLLOWED } from './feed-scripts';
import {
  UNFOLLOW_MARK_SECONDS,
  type FeedItem, type FeedKey, type FeedKind, type FeedPage, type FeedSettings, type FeedStore, type FeedStoreHealth, type HomeRead,
} from './feed-store';

/** Feeds per PUSH script call: big enough to amortize the round trip, small enough not to stall Redis (and well within what Lua can unpack). */
const PUSH_BATCH = 500;

/** Registered once per connection and sent as EVALSHA, so a call carries the script's hash, not its text. */
const SCRIPTS = {
  feedPush: PUSH,
  feedMerge: MERGE,
  feedCompleteBuild: COMPLETE_BUILD,
  feedReadyMeta: READY_META,
  feedHomePage: HOME_PAGE,
  feedFollowed: FOLLOWED,
  feedUnfollowed: UNFOLLOWED,
  feedRemove: REMOVE,
};

type ScriptName = keyof typeof SCRIPTS;
type ScriptCall = (numberOfKeys: number, ...keysThenArguments: (string | number)[]) => Promise<unknown>;

/** A feed's part of HOME_PAGE's reply: size, items in the cursor's millisecond, older items. */
type PageReply = [number, string[], string[]];

export class RedisFeedStore implements FeedStore {
  private readonly keys: FeedKeys;

  constructor(
    private readonly redis: Redis,
    private readonly settings: FeedSettings,
    prefix: string,
  ) {
    this.keys = new FeedKeys(prefix);
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      if (!(name in redis)) redis.defineCommand(name, { lua });
    }
  }

  async beginBuild(feed: FeedKey): Promise<string> {
    const token = randomUUID();
    await this.redis.multi().del(this.keys.items(feed)).set(this.keys.state(feed), `building:${token}`, 'EX', this.settings.ttlSeconds).exec();
    return token;
  }

  async completeBuild(feed: FeedKey, token: string, items: readonly FeedItem[], meta: readonly string[]): Promise<boolean> {
    const result = await this.script('feedCompleteBuild')(
      2, this.keys.state(feed), this.keys.items(feed),
      token, this.settings.ttlSeconds, this.settings.capacity, meta.join(','), ...scoredMembers(items),
    );
    return result === 1;
  }

  async readyMeta(feed: FeedKey): Promise<string[] | null> {
    const meta = (await this.script('feedReadyMeta')(2, this.keys.state(feed), this.keys.items(feed), this.settings.ttlSeconds)) as string | null;
    return meta === null ? null : meta.split(',').filter(Boolean);
  }

  async push(feeds: readonly FeedKey[], item: FeedItem): Promise<void> {
    const ids: Record<FeedKind, string[]> = { home: [], recent: [] };
    for (const feed of feeds) ids[feed.kind].push(feed.id);
    const pipeline = this.redis.pipeline();
    const scripts = pipeline as unknown as Record<ScriptName, ScriptCall>;
    for (const kind of ['home', 'recent'] as const) {
      // Only home feeds take unfollow marks.
      const marks = kind === 'home' ? this.keys.unfollowMarks(item.authorId) : this.keys.noMarks;
      for (let start = 0; start < ids[kind].length; start += PUSH_BATCH) {
        scripts.feedPush(
          1, marks,
          this.keys.statePrefix(kind), this.keys.itemsPrefix(kind), scoreOf(item.tweetId), memberOf(item), this.settings.capacity,
          ids[kind].slice(start, start + PUSH_BATCH).join(','),
        );
      }
    }
    await execOrThrow(pipeline);
  }

  async merge(feed: FeedKey, items: readonly FeedItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.script('feedMerge')(2, this.keys.state(feed), this.keys.items(feed), this.settings.capacity, ...scoredMembers(items));
  }

  async followed(userId: string, authorId: string, asMeta: boolean): Promise<void> {
    const home: FeedKey = { kind: 'home', id: userId };
    await this.script('feedFollowed')(3, this.keys.unfollowMarks(authorId), this.keys.state(home), this.keys.items(home), authorId, asMeta ? '1' : '0', userId);
  }

  async unfollowed(userId: string, authorId: string): Promise<void> {
    const home: FeedKey = { kind: 'home', id: userId };
    await this.script('feedUnfollowed')(3, this.keys.unfollowMarks(authorId), this.keys.state(home), this.keys.items(home), authorId, UNFOLLOW_MARK_SECONDS, this.settings.capacity, userId);
  }

  async remove(feeds: readonly FeedKey[], tweetId: string, authorId: string): Promise<void> {
    if (feeds.length === 0) return;
    const keys = feeds.flatMap((feed) => [this.keys.state(feed), this.keys.items(feed)]);
    await this.script('feedRemove')(keys.length, ...keys, memberOf({ tweetId, authorId }), this.settings.capacity);
  }

  async invalidate(feeds: readonly FeedKey[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const feed of feeds) pipeline.del(this.keys.state(feed), this.keys.items(feed));
    await execOrThrow(pipeline);
  }

  async read(feed: FeedKey, limit: number, beforeId?: string): Promise<FeedItem[]> {
    const key = this.keys.items(feed);
    if (beforeId === undefined) {
      return (await this.redis.zrange(key, '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit)).map(itemOfMember);
    }
    const score = scoreOf(beforeId);
    const results = await execOrThrow(
      this.redis.pipeline().zrange(key, score, score, 'BYSCORE').zrange(key, `(${score}`, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit),
    );
    return beforeCursor(results[0] as string[], results[1] as string[], limit, beforeId);
  }

  async readHome(userId: string, limit: number, beforeId?: string): Promise<HomeRead | null> {
    const home: FeedKey = { kind: 'home', id: userId };
    const reply = (await this.script('feedHomePage')(
      2, this.keys.state(home), this.keys.items(home),
      this.settings.ttlSeconds, limit, beforeId === undefined ? '' : scoreOf(beforeId), this.keys.statePrefix('recent'), this.keys.itemsPrefix('recent'),
    )) as [string, PageReply, ...(PageReply | null)[]] | null;
    if (reply === null) return null;
    const [meta, homePage, ...recentPages] = reply;
    const celebrities = meta.split(',').filter(Boolean);
    const page = (feed: FeedKey, [size, sameMillisecond, older]: PageReply): FeedPage => ({
      feed, size, items: beforeId === undefined ? older.map(itemOfMember) : beforeCursor(sameMillisecond, older, limit, beforeId),
    });
    const read: HomeRead = { celebrities, pages: [page(home, homePage)], unready: [] };
    celebrities.forEach((id, index) => {
      const recentPage = recentPages[index];
      if (recentPage) read.pages.push(page({ kind: 'recent', id }, recentPage));
      else read.unready.push(id);
    });
    return read;
  }

  size(feed: FeedKey): Promise<number> {
    return this.redis.zcard(this.keys.items(feed));
  }

  /** One PING, bounded in time: a health check must answer quickly either way. */
  async health(timeoutMs = 3_000): Promise<FeedStoreHealth> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`No answer within ${timeoutMs} ms.`)), timeoutMs);
      });
      await Promise.race([this.redis.ping(), timeout]);
      return { store: 'redis', status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { store: 'redis', status: 'down', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private script(name: ScriptName): ScriptCall {
    return (this.redis as unknown as Record<ScriptName, ScriptCall>)[name].bind(this.redis);
  }

  async close(): Promise<void> {
    // QUIT waits for pending replies; a connection that never came up is just dropped.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}

/**
 * Up to `limit` items before the cursor, from the members in the cursor's own millisecond (those
 * with smaller ids come first) and the older ones, newest first.
 */
function beforeCursor(sameMillisecond: string[], older: string[], limit: number, beforeId: string): FeedItem[] {
  const first = sameMillisecond.map(itemOfMember).filter((item) => item.tweetId < beforeId).reverse();
  return [...first, ...older.map(itemOfMember)].slice(0, limit);
}

function scoredMembers(items: readonly FeedItem[]): (string | number)[] {
  return items.flatMap((item) => [scoreOf(item.tweetId), memberOf(item)]);
}

async function execOrThrow(pipeline: { exec(): Promise<[Error | null, unknown][] | null> }): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  for (const [error] of results) if (error) throw error;
  return results.map(([, value]) => value);
}
