/**
 * Redis layout
 *
 * The one place that says what Chirp keeps in Redis: every key and channel name, and how values
 * are encoded in them. The stores, their Lua scripts, the event bus, the benchmarks and the tests'
 * cleanup all ask this module instead of building names themselves.
 *
 * - Everything lives under `<REDIS_KEY_PREFIX>v<LAYOUT_VERSION>:`, so several deployments (and
 *   test suites) share one Redis, and a deploy that changes the layout bumps the version: old and
 *   new instances then run side by side without reading each other's encodings, and the old keys
 *   expire.
 * - Ready for Redis Cluster: a hash tag names each key's slot. All of one user's feed keys (home
 *   feed, recent feed, their states, the user's unfollow marks) share the tag `{<userId>}`, so every
 *   feed script touches the keys of one slot only, all declared in KEYS. A record's key is tagged
 *   with its own id; an instance's live presence and inbox with the instance's id.
 * - Cached contents (feeds, their states, unfollow marks, records) live under a cache epoch,
 *   `e<epoch>:` (see redis-link.ts): a new epoch after an outage leaves everything cached before it
 *   unread, to expire. Live presence, inboxes and rate limit counters hold nothing a stale copy could
 *   contradict, and the epoch key itself is outside every epoch.
 */

import { isId } from '../ids';
import { closeRedis, connectRedis, keyHolders, type RedisClient, type RedisTarget } from './redis-connection';
import type { RecordKind } from './cache/record-cache';
import type { LiveChannel } from '../domain/live/event-bus';
import type { FeedItem, FeedKey } from '../domain/timelines/feed-store';

/** Bumped whenever a key's meaning or a value's encoding changes. */
export const LAYOUT_VERSION = 3;

export class RedisLayout {
  /** Every key and channel starts with this. */
  readonly root: string;

  /** `epoch` answers the current cache epoch (see redis-link.ts); a bare layout (tests, benchmarks) stays in epoch 0. */
  constructor(
    prefix: string,
    private readonly epoch: () => number = () => 0,
  ) {
    this.root = `${prefix}v${LAYOUT_VERSION}:`;
  }

  /** The shared cache epoch's counter (see redis-link.ts); never expires. */
  cacheEpoch(): string {
    return `${this.root}epoch`;
  }

  /** Where cached contents live now: under the root and the current epoch. */
  private get cached(): string {
    return `${this.root}e${this.epoch()}:`;
  }

  // Feed key names are short on purpose: a fan-out sends three per follower.

  /** Sorted set of feed members (see `feedMember`), all scored `FEED_SCORE`, newest first: `{id}:home`, `{id}:recent`. */
  feedItems(feed: FeedKey): string {
    return `${this.cached}{${feed.id}}:${feed.kind}`;
  }

  /** A feed's state (see `FEED_STATE_LUA`); its TTL is the feed's. */
  feedState(feed: FeedKey): string {
    return `${this.cached}{${feed.id}}:${feed.kind}:s`;
  }

  /**
   * Hash of the authors a user unfollowed in the last while, each with when its mark runs out (ms):
   * a fan-out that read the followers before the unfollow must not put the author's tweet back.
   */
  unfollowMarks(userId: string): string {
    return `${this.cached}{${userId}}:unf`;
  }

  /** A cached user, tweet or handle's owner (see `encodeRecord`). */
  record(kind: RecordKind, id: string): string {
    return `${this.cached}record:${kind}:{${id}}`;
  }

  /** Prefix of one rate limit's counters; rate-limiter-flexible appends `:<key>` (a user id, handle or address). */
  rateLimit(limit: string): string {
    return `${this.root}rate:${limit}`;
  }

  // Live delivery across instances (see redis-event-bus.ts). An instance's presence set and inbox
  // share its hash tag `{<instanceId>}`: one slot, so the inbox can become a sharded channel.

  /** Sorted set of the instances with live listeners, each scored with the millisecond its registration runs out. */
  liveInstances(): string {
    return `${this.root}live:instances`;
  }

  /** Set of the live channels (`liveChannelName`) an instance has local listeners for; expires unless the instance's heartbeat renews it. */
  livePresence(instanceId: string): string {
    return `${this.root}live:{${instanceId}}:presence`;
  }

  /** The pub/sub channel an instance receives its listeners' messages on (see `encodeLiveDelivery`). */
  liveInbox(instanceId: string): string {
    return `${this.root}live:{${instanceId}}:inbox`;
  }

  /** A live channel's name in presence sets and deliveries: short, as a fan-out sends hundreds at a time. */
  liveChannelName({ kind, id }: LiveChannel): string {
    return `${kind}:${id}`;
  }

  /**
   * What an inbox carries: one message and the channels (by `liveChannelName`) the receiving
   * instance delivers it to. JSON, as a channel's id may come from a client and hold any character.
   */
  encodeLiveDelivery(channels: readonly string[], message: string): string {
    return JSON.stringify({ channels, message });
  }

  decodeLiveDelivery(payload: string): { channels: string[]; message: string } {
    return JSON.parse(payload) as { channels: string[]; message: string };
  }
}

// Feed members: a tweet id's 16 bytes with every bit flipped, all scored FEED_SCORE, so Redis orders
// them by their bytes (BYLEX): for UUIDv7 ids, newest first. Newest first because a listpack insert
// scans from its head: a fan-out's new tweet lands there at once, and the trim drops the tail. Short
// members keep a feed a listpack, about 20 bytes an entry, as long as it has at most
// `zset-max-listpack-entries` of them (see listpack-limit.ts), against about 170 for
// `<tweetId>:<authorId>` scored by millisecond in a skiplist. The author is not kept: a page loads
// the tweets, which name it.

/** Every feed member's score (members of equal score sort by their bytes). */
export const FEED_SCORE = 0;

/** A feed member: the tweet id's 16 bytes, inverted. */
export function feedMember(tweetId: string): Buffer {
  if (!isId(tweetId)) throw new TypeError(`A feed member is made of a tweet id (a lowercase UUID), not ${JSON.stringify(tweetId)}.`);
  return inverted(Buffer.from(tweetId.replaceAll('-', ''), 'hex'));
}

/** The item a member stands for; every page decodes its members, so this is done digit by digit, with no copy. */
export function feedItemOfMember(member: Buffer): FeedItem {
  let tweetId = '';
  for (let index = 0; index < member.length; index++) {
    // A UUID's digits in groups of 8-4-4-4-12.
    if (index === 4 || index === 6 || index === 8 || index === 10) tweetId += '-';
    tweetId += INVERTED_HEX[member[index] ?? 0] ?? '';
  }
  return { tweetId };
}

/**
 * Where a page of a feed starts, as the min of `ZRANGE <items> <start> + BYLEX`: its newest
 * member (`-`), or strictly before (older than) a tweet (`(` and the tweet's member).
 */
export function feedPageStart(beforeId?: string): Buffer | '-' {
  return beforeId === undefined ? '-' : Buffer.concat([EXCLUSIVE_BOUND, feedMember(beforeId)]);
}

const EXCLUSIVE_BOUND = Buffer.from('(');

/** `bytes` with every bit flipped, in place. */
function inverted(bytes: Buffer): Buffer {
  for (let index = 0; index < bytes.length; index++) bytes[index] = ~(bytes[index] ?? 0) & 0xff;
  return bytes;
}

/** Each byte's inverse in two hex digits. */
const INVERTED_HEX = Array.from({ length: 256 }, (_, byte) => (255 - byte).toString(16).padStart(2, '0'));

/**
 * A feed's state string, for the Lua scripts: `building:<token>` while a rebuild runs, then
 * `ready:<metadata>` (comma-separated ids: Redis's cjson would encode an empty list as `{}`).
 * Scripts include this once and never parse the string themselves.
 */
export const FEED_STATE_LUA = `
local function building_state(token) return 'building:' .. token end
local function is_ready(state) return state and string.sub(state, 1, 6) == 'ready:' end
local function ready_state(meta) return 'ready:' .. meta end
local function meta_of(state) return string.sub(state, 7) end
local function meta_list(meta)
  local list = {}
  for id in string.gmatch(meta, '[^,]+') do table.insert(list, id) end
  return list
end
`;

export function buildingFeedState(token: string): string {
  return `building:${token}`;
}

export function feedMetaOf(meta: string): string[] {
  return meta.split(',').filter(Boolean);
}

/** A cached record: `<version>|<json>`, `null` as the json of a tombstone; scripts compare versions. */
export function encodeRecord(version: number, json: string): string {
  return `${version}|${json}`;
}

/** The record's JSON value (`null` for a tombstone). */
export function decodeRecord(value: string): unknown {
  return JSON.parse(value.slice(value.indexOf('|') + 1));
}

/** Lua: the version of an encoded record, -1 for none. */
export const RECORD_VERSION_LUA = `
local function record_version(value) return value and tonumber(string.match(value, '^(%d+)|')) or -1 end
`;

/**
 * Deletes every key under `prefix` (a test's or a benchmark's), scanning rather than blocking Redis
 * with KEYS; on a cluster, every master's keys, one key a command (keys of many slots).
 */
export async function deleteKeysUnder(redis: RedisClient, prefix: string): Promise<void> {
  for (const node of await keyHolders(redis)) {
    for await (const keys of node.scanStream({ match: `${prefix}*`, count: 1_000 }) as AsyncIterable<string[]>) {
      if (keys.length === 0) continue;
      if (node === redis) await node.unlink(...keys);
      else await Promise.all(keys.map((key) => node.unlink(key)));
    }
  }
}

/** `deleteKeysUnder` through a connection of its own to `target`, closed when done. */
export async function deleteKeysAt(target: RedisTarget, prefix: string): Promise<void> {
  const redis = connectRedis(target, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  // A Redis that cannot be reached fails the deletion's commands; its connection errors say no more.
  redis.on('error', () => {});
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    await closeRedis(redis);
  }
}
