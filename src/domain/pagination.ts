/**
 * Pagination
 *
 * Relay-style connections with opaque, stable cursors. A cursor names the sort key of an item
 * (a tweet id, or the time and id of a relationship), not an offset, so a page read after new
 * items arrived continues exactly where the last one stopped: nothing repeated, nothing skipped.
 */
import type { IdPosition, TimePosition } from './page-request';
import { badUserInput } from './errors';
import { isId } from '../ids';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface PageArguments {
  first?: number | null;
  after?: string | null;
}

/** How many items to show: `first`, capped at MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0) throw badUserInput('first', 'first must be a whole number, 0 or more.');
  return Math.min(size, MAX_PAGE_SIZE);
}

/**
 * Builds a connection from up to `size + 1` entries, newest first: the extra one only tells
 * whether a next page exists.
 */
export function toConnection<Entry, T>(entries: readonly Entry[], size: number, node: (entry: Entry) => T, cursor: (entry: Entry) => string): Connection<T> {
  const shown = entries.slice(0, size);
  const edges = shown.map((entry) => ({ cursor: cursor(entry), node: node(entry) }));
  return {
    edges,
    pageInfo: { hasNextPage: entries.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export function encodeIdCursor(position: IdPosition): string {
  return encode(['i', position.id]);
}

export function decodeIdCursor(cursor: string | null | undefined): IdPosition | undefined {
  if (cursor == null) return undefined;
  const value = decode(cursor);
  if (value.length === 2 && value[0] === 'i' && typeof value[1] === 'string' && isId(value[1])) return { id: value[1] };
  throw invalidCursor();
}

export function encodeTimeCursor(position: TimePosition): string {
  return encode(['t', position.at, position.id]);
}

export function decodeTimeCursor(cursor: string | null | undefined): TimePosition | undefined {
  if (cursor == null) return undefined;
  const value = decode(cursor);
  if (value.length === 3 && value[0] === 't' && Number.isSafeInteger(value[1]) && typeof value[2] === 'string' && isId(value[2])) {
    return { at: value[1] as number, id: value[2] };
  }
  throw invalidCursor();
}

function encode(value: unknown[]): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(cursor: string): unknown[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value)) return value;
  } catch {
    // Falls through to the error below.
  }
  throw invalidCursor();
}

function invalidCursor() {
  return badUserInput('after', 'after is not a cursor from this list.');
}
