/**
 * Page requests
 *
 * How the stores answer the domain's page requests (src/domain/page-request.ts) in Cypher: the
 * bounds a statement pages below, and requests grouped into as few statements as their limits allow.
 */
import type { IdPosition, PageRequest, TimePosition } from '../domain/page-request';

/** Greater than every id we generate (lower-case hex UUIDs), so "before it" means "all". */
const AFTER_EVERY_ID = '~';
/** Later than any timestamp JavaScript can represent. */
const AFTER_EVERY_TIME = 8.64e15 + 1;

export function idBound(after: IdPosition | undefined): string {
  return after?.id ?? AFTER_EVERY_ID;
}

export function timeBound(after: TimePosition | undefined): { beforeAt: number; beforeId: string } {
  return after ? { beforeAt: after.at, beforeId: after.id } : { beforeAt: AFTER_EVERY_TIME, beforeId: AFTER_EVERY_ID };
}

/** Time order, the id breaking ties: how user and tweet lists merge the pages of several requests. */
export function compareTimePositions(a: TimePosition, b: TimePosition): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Groups requests by limit: a Cypher LIMIT cannot depend on the row, so each limit is one query. */
export function groupByLimit<Position>(requests: readonly PageRequest<Position>[]): Map<number, PageRequest<Position>[]> {
  const groups = new Map<number, PageRequest<Position>[]>();
  for (const request of requests) {
    const group = groups.get(request.limit) ?? [];
    group.push(request);
    groups.set(request.limit, group);
  }
  return groups;
}
