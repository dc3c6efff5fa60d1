/**
 * Memory record cache
 *
 * The record cache of a single instance: at most `maxEntries` copies, the least recently written
 * evicted first.
 */
import { TOMBSTONE_VERSION, type RecordCache, type RecordKind, type Versioned } from './record-cache';

interface Entry {
  version: number;
  record: Versioned | null;
  expiresAt: number;
}

export class MemoryRecordCache implements RecordCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries = 200_000,
  ) {}

  async getMany<T extends Versioned>(kind: RecordKind, ids: readonly string[]): Promise<(T | null | undefined)[]> {
    const now = Date.now();
    return ids.map((id) => {
      const entry = this.entries.get(`${kind}:${id}`);
      if (!entry || entry.expiresAt <= now) return undefined;
      return entry.record as T | null;
    });
  }

  async putMany(kind: RecordKind, records: readonly Versioned[]): Promise<void> {
    for (const record of records) this.put(`${kind}:${record.id}`, record.version, record);
  }

  fill(kind: RecordKind, records: readonly Versioned[]): Promise<void> {
    return this.putMany(kind, records);
  }

  async tombstone(kind: RecordKind, id: string): Promise<void> {
    this.put(`${kind}:${id}`, TOMBSTONE_VERSION, null);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private put(key: string, version: number, record: Versioned | null): void {
    const current = this.entries.get(key);
    if (current && current.expiresAt > Date.now() && current.version >= version) return;
    this.entries.delete(key); // re-inserted last: Map order is eviction order
    this.entries.set(key, { version, record, expiresAt: Date.now() + this.ttlSeconds * 1000 });
    const oldest = this.entries.keys().next();
    if (this.entries.size > this.maxEntries && !oldest.done) this.entries.delete(oldest.value);
  }
}
