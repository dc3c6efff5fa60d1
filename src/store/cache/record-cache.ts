/**
 * Record cache
 *
 * Users and tweets as last read or written, so that warm reads (a home timeline page, its authors)
 * need no Neo4j round trip. Every write to Neo4j writes its result through; a copy only ever
 * replaces one with a lower `version` (the node's write count), so a slow read can never put back
 * counts older than a write that already landed. A deleted tweet leaves a tombstone that no copy
 * replaces. Two implementations: Redis (shared) and process memory (one instance).
 *
 * Beside them, each handle's owner (`handle`, by lower-cased handle), so that a warm profile finds
 * its user without Neo4j: see `HandleOwner` in user-store.ts.
 */
export type RecordKind = 'user' | 'tweet' | 'handle';

export interface Versioned {
  id: string;
  version: number;
}

export interface RecordCache {
  /** Cached copies in the order of `ids`: a record, `null` for a deleted one, `undefined` when not cached. */
  getMany<T extends Versioned>(kind: RecordKind, ids: readonly string[]): Promise<(T | null | undefined)[]>;
  /** Caches each record unless a copy with the same or a higher version (or a tombstone) is there. */
  putMany(kind: RecordKind, records: readonly Versioned[]): Promise<void>;
  /**
   * `putMany` for records a read loaded from Neo4j after missing them here; a cache that is not
   * serving reads (Redis back from an outage, warming up) may skip it, as a read-through copy older
   * than a write another instance still sends elsewhere must not become the cached one.
   */
  fill(kind: RecordKind, records: readonly Versioned[]): Promise<void>;
  /** Marks a record deleted, for longer than any read of it can be in flight. */
  tombstone(kind: RecordKind, id: string): Promise<void>;
  close(): Promise<void>;
}

/** Versions above any real one: what a tombstone carries. */
export const TOMBSTONE_VERSION = Number.MAX_SAFE_INTEGER;
