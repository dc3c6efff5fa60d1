/**
 * Live ids
 *
 * Which ids a subscription may name: tweet and user ids are made by src/ids.ts `newId()`, lowercase
 * UUIDs, so anything else names nothing and is refused before it becomes a listener (and, with
 * Redis, a channel). The same rule over HTTP and WebSocket, since both reach the live service.
 */
import { isId } from '../../ids';
import { badUserInput } from '../errors';

/** Of a refused value, what a message repeats: enough to recognize it, never a 100 KB string. */
const SHOWN_CHARACTERS = 40;
const EXAMPLE = '0190a7e0-0000-7000-8000-000000000000';

/** The id, or BAD_USER_INPUT naming `field` when it is not one. */
export function requireId(field: string, value: string, what: 'tweet' | 'user'): string {
  if (!isId(value)) throw badUserInput(field, `${field} must be a ${what} id (a UUID such as ${EXAMPLE}), not ${shown(value)}.`);
  return value;
}

/** Every id of `values`, or BAD_USER_INPUT naming `field` and the first that is not one. */
export function requireIds(field: string, values: readonly string[], what: 'tweet' | 'user'): readonly string[] {
  const bad = values.find((value) => !isId(value));
  if (bad !== undefined) throw badUserInput(field, `${field} must hold ${what} ids (UUIDs such as ${EXAMPLE}); ${shown(bad)} is not one.`);
  return values;
}

function shown(value: string): string {
  return JSON.stringify(value.length > SHOWN_CHARACTERS ? `${value.slice(0, SHOWN_CHARACTERS)}…` : value);
}
