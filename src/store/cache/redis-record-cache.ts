/**
 * Redis record cache
 *
 * One string per record, `<version>|<json>` (`null` for a tombstone), written by a script that
 * keeps the higher version.
 */
import type { Redis } from 'ioredis';

import { TOMBSTONE_VERSION, type RecordCache, type RecordKind, type Versioned } from './record-cache';

/** KEYS: one per record. ARGV: ttl seconds, then version and value per record. */
const PUT_IF_NEWER = `
for i = 1, #KEYS do
  local version = tonumber(ARGV[2 * i])
  local current = redis.call('GET', KEYS[i])
  local currentVersion = current and tonumber(string.match(current, '^(%d+)|')) or -1
  if version > currentVersion then
    redis.call('SET', KEYS[i], ARGV[2 * i] .. '|' .. ARGV[2 * i + 1], 'EX', ARGV[1])
  end
end
return 1`;

type PutCall = (numberOfKeys: number, ...keysThenArguments: (string | number)[]) => Promise<unknown>;

export class RedisRecordCache implements RecordCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {
    if (!('recordPutIfNewer' in redis)) redis.defineCommand('recordPutIfNewer', { lua: PUT_IF_NEWER });
  }

  async getMany<T extends Versioned>(kind: RecordKind, ids: readonly string[]): Promise<(T | null | undefined)[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map((id) => this.key(kind, id)));
    return values.map((value) => (value === null ? undefined : (JSON.parse(value.slice(value.indexOf('|') + 1)) as T | null)));
  }

  async putMany(kind: RecordKind, records: readonly Versioned[]): Promise<void> {
    if (records.length === 0) return;
    await this.put(records.map((record) => this.key(kind, record.id)), records.flatMap((record) => [record.version, JSON.stringify(record)]));
  }

  async tombstone(kind: RecordKind, id: string): Promise<void> {
    await this.put([this.key(kind, id)], [TOMBSTONE_VERSION, 'null']);
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }

  private put(keys: string[], versionsAndValues: (string | number)[]): Promise<unknown> {
    const call = (this.redis as unknown as { recordPutIfNewer: PutCall }).recordPutIfNewer.bind(this.redis);
    return call(keys.length, ...keys, this.ttlSeconds, ...versionsAndValues);
  }

  private key(kind: RecordKind, id: string): string {
    return `${this.prefix}record:${kind}:${id}`;
  }
}
