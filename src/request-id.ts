/**
 * Request ids
 *
 * Each HTTP request has an id (the client's own `X-Request-Id` when it sends a sensible one) that
 * its log line and any INTERNAL_SERVER_ERROR it answers carry, so an operator can find what went
 * wrong from what a client reports. Apollo formats errors without their request, so the errors a
 * request met are tagged with its id on the way (`tagRequestId`, by the request-ids plugin and the
 * context's creation) and the formatter reads the tag. Not an AsyncLocalStorage: that turns on
 * promise hooks for every promise of the process, about 2 % of the API's busy time.
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
  if (typeof error === 'object' && error !== null) requestIds.set(error, requestId);
}

/**
 * The id of the request an error (or the error it wraps) was tagged with; a new one where none
 * was (a WebSocket operation), so that its log line and its answer still share one.
 */
export function requestIdOf(error: unknown): string {
  const original = typeof error === 'object' && error !== null ? (error as { originalError?: unknown }).originalError : undefined;
  return (
    (typeof error === 'object' && error !== null && requestIds.get(error)) ||
    (typeof original === 'object' && original !== null && requestIds.get(original)) ||
    randomUUID()
  );
}
