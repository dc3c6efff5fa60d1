/**
 * Redis record cache
 *
 * One string per record (key and encoding from redis-layout.ts), written by a script that keeps
 * the higher version: one call per record, so each touches one key (one cluster slot); the shared
 * connection pipelines them. Reads are one MGET.
 *
 * Best effort while Redis is away (see redis-link.ts): a read finds nothing cached (the records
 * come from Neo4j), a write is skipped; the new epoch Redis comes back in holds nothing older.
 */
import type { Result } from 'ioredis';

import { decodeRecord, encodeRecord, RECORD_VERSION_LUA, type RedisLayout } from '../redis-layout';
import { groupBySlot, type RedisClient } from '../redis-connection';
import { ALWAYS_UP, RedisUnavailable, type CacheAccess, type CacheGate } from '../redis-link';
import { TOMBSTONE_VERSION, type RecordCache, type RecordKind, type Versioned } from './record-cache';

/** KEYS: the record. ARGV: ttl seconds, version, encoded record. */
const PUT_IF_NEWER = `${RECORD_VERSION_LUA}
if tonumber(ARGV[2]) > record_version(redis.call('GET', KEYS[1])) then
  redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[1])
end
return 1`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    recordPutIfNewer(key: string, ttlSeconds: number, version: number, encoded: string): Result<number, Context>;
  }
}

export class RedisRecordCache implements RecordCache {
  /** `redis` is shared with the other Redis stores; its owner (shared-stores.ts) closes it. */
  constructor(
    private readonly redis: RedisClient,
    private readonly layout: RedisLayout,
    private readonly ttlSeconds: number,
    private readonly gate: CacheGate = ALWAYS_UP,
  ) {
    const command: string = 'recordPutIfNewer';
    if (!(command in redis)) redis.defineCommand(command, { lua: PUT_IF_NEWER, numberOfKeys: 1 });
  }

  async getMany<T extends Versioned>(kind: RecordKind, ids: readonly string[]): Promise<(T | null | undefined)[]> {
    if (ids.length === 0) return [];
    // One MGET: the hot path of every page (its tweets, then their authors). On a Redis Cluster
    // each record's key is its own slot: one MGET per slot, sent together.
    const keys = ids.map((id) => this.layout.record(kind, id));
    const values = await this.bestEffort('read', () => this.mgetAcrossSlots(keys));
    if (values === undefined) return ids.map(() => undefined);
    return keys.map((key) => {
      const value = values.get(key);
      return value === null || value === undefined ? undefined : (decodeRecord(value) as T | null);
    });
  }

  async putMany(kind: RecordKind, records: readonly Versioned[]): Promise<void> {
    if (records.length === 0) return;
    await this.bestEffort('write', () => Promise.all(records.map((record) => this.put(kind, record.id, record.version, JSON.stringify(record)))));
  }

  /** Records just read from Neo4j are cached only when reads of the cache are trusted (not while it warms up). */
  async fill(kind: RecordKind, records: readonly Versioned[]): Promise<void> {
    if (records.length === 0) return;
    await this.bestEffort('read', () => Promise.all(records.map((record) => this.put(kind, record.id, record.version, JSON.stringify(record)))));
  }

  async tombstone(kind: RecordKind, id: string): Promise<void> {
    await this.bestEffort('write', () => this.put(kind, id, TOMBSTONE_VERSION, 'null'));
  }

  /** Nothing of its own to close: the connection's owner closes it. */
  async close(): Promise<void> {}

  /** The command's result, or undefined when Redis is away (the gate marks the outage; the next epoch covers a skipped write). */
  private async bestEffort<T>(access: CacheAccess, command: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.gate.run(access, command);
    } catch (error) {
      if (error instanceof RedisUnavailable) return undefined;
      throw error;
    }
  }

  /** Each key's value (null when absent), by one MGET per slot. */
  private async mgetAcrossSlots(keys: readonly string[]): Promise<Map<string, string | null>> {
    const groups = groupBySlot(this.redis, keys, (key) => key);
    const replies = await Promise.all(groups.map((group) => this.redis.mget(...group)));
    const values = new Map<string, string | null>();
    groups.forEach((group, index) => group.forEach((key, position) => values.set(key, replies[index]?.[position] ?? null)));
    return values;
  }

  private put(kind: RecordKind, id: string, version: number, json: string): Promise<number> {
    return this.redis.recordPutIfNewer(this.layout.record(kind, id), this.ttlSeconds, version, encodeRecord(version, json));
  }
}
