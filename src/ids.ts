/**
 * Ids
 *
 * UUIDv7: unique without coordination between instances, and ordered by creation time (their first
 * 48 bits are the millisecond), so sorting tweets by id sorts them by age.
 */
import { v7 as uuidv7 } from 'uuid';

export function newId(): string {
  return uuidv7();
}

/** The millisecond an id was made in. */
export function timeOfId(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** Orders ids (tweets) newest first: for UUIDv7, id order is creation order. */
export function newestIdFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return UUID.test(value);
}
