/**
 * Request ids
 *
 * Each HTTP request runs with an id (the client's own `X-Request-Id` when it sends a sensible one)
 * that its log line and any INTERNAL_SERVER_ERROR it answers carry, so an operator can find what
 * went wrong from what a client reports. Held in an AsyncLocalStorage so that the error formatter,
 * deep inside Apollo, reads the id of the request it is formatting for.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const scope = new AsyncLocalStorage<string>();

/** What a client-chosen id may look like: short, and nothing that could forge a log field. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

export function runWithRequestId<T>(requestId: string, action: () => T): T {
  return scope.run(requestId, action);
}

/** The id of the request being served, or a new one where none is (a WebSocket operation). */
export function currentRequestId(): string {
  return scope.getStore() ?? randomUUID();
}
