/**
 * Page requests
 *
 * How the stores page through lists: strictly after a position, newest first. A position is the
 * sort key of the last item seen; `undefined` means "from the newest".
 */

/** Position in an id-ordered list (tweets: UUIDv7 ids sort by creation time). */
export interface IdPosition {
  id: string;
}

/** Position in a list of relationships ordered by when they were made, ties broken by id. */
export interface TimePosition {
  at: number;
  id: string;
}

export interface PageRequest<Position> {
  ownerId: string;
  limit: number;
  after?: Position;
}

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
