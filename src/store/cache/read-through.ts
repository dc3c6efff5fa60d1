/**
 * Read-through: records from the cache where it has them, the rest from `load` (one batch), which
 * are then cached. A tombstone reads as "no such record" without asking Neo4j.
 */
import type { RecordCache, RecordKind, Versioned } from './record-cache';

export async function readThrough<T extends Versioned>(
  cache: RecordCache,
  kind: RecordKind,
  ids: readonly string[],
  revive: (cached: T) => T,
  load: (missing: string[]) => Promise<T[]>,
): Promise<(T | undefined)[]> {
  const cached = await cache.getMany<T>(kind, ids);
  const missing = ids.filter((_, index) => cached[index] === undefined);
  const loaded = missing.length > 0 ? await load(missing) : [];
  if (loaded.length > 0) await cache.fill(kind, loaded);
  const loadedById = new Map(loaded.map((record) => [record.id, record]));
  return ids.map((id, index) => {
    const hit = cached[index];
    if (hit === null) return undefined;
    return hit === undefined ? loadedById.get(id) : revive(hit);
  });
}
