/**
 * Request ids
 *
 * Each HTTP request has an id (the client's own `X-Request-Id` when it sends a sensible one) that
 * its log line and any INTERNAL_SERVER_ERROR it answers carry, so an operator can find what went
 * wrong from what a client reports. Apollo formats errors without their request, so the errors a
 * request met are tagged with its id on the way (`tagRequestId`, by the request-ids plugin and the
 * context's creation) and the formatter reads the tag. Not an AsyncLocalStorage: that turns on
 * promise hooks for every promise of the process, about 3 % of the API's busy time in a profile
 * of the seed mix.
 */
import { randomUUID } from 'node:crypto';

/** What a client-chosen id may look like: short, and nothing that could forge a log field. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const requestIds = new WeakMap<object, string>();

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Marks an error as met while serving the request `requestId`. */
export function tagRequestId(error: unknown, requestId: string): void {
  if (isObject(error)) requestIds.set(error, requestId);
}

/**
 * The id of the request an error (or the error it wraps) was tagged with; a new one where none
 * was (a WebSocket operation), so that its log line and its answer still share one.
 */
export function requestIdOf(error: unknown): string {
  if (!isObject(error)) return randomUUID();
  const { originalError } = error as { originalError?: unknown };
  return requestIds.get(error) ?? (isObject(originalError) ? requestIds.get(originalError) : undefined) ?? randomUUID();
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
