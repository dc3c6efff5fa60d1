/**
 * A live client: the real graphql-ws client over `ws`, as a browser would connect, with helpers
 * to wait for the next event of a subscription or for the socket to close.
 */
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import type { Operation } from './test-server';
import { required } from './required';

type ExecutionResult<T> = FormattedExecutionResult<T, unknown>;

export interface LiveClient {
  client: Client;
  /** An `Operation` types the events' data; a plain string (written inline) leaves it `unknown`. */
  subscribe<T = unknown>(query: Operation<T> | string, variables?: Record<string, unknown>): LiveSubscription<T>;
  /** Resolves with the close code once the socket closes. */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

export interface LiveSubscription<T> {
  /** Every result received so far. */
  results: ExecutionResult<T>[];
  /** The next result not yet taken, waiting up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Takes every result received so far. */
  drain(): ExecutionResult<T>[];
  /** Takes results until one satisfies `predicate`, waiting up to `timeoutMs` for each; returns that one. */
  until(predicate: (result: ExecutionResult<T>) => boolean, timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Like `until`, but returns every result it took, the one satisfying `predicate` last. */
  takeUntil(predicate: (result: ExecutionResult<T>) => boolean, timeoutMs?: number): Promise<ExecutionResult<T>[]>;
  /** Resolves when the server completes the subscription, rejects on an error message or a closed socket. */
  done: Promise<void>;
  unsubscribe(): void;
}

export function liveClient(httpUrl: string, connectionParams?: Record<string, unknown>): LiveClient {
  let resolveClosed: (code: number) => void;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
  });
  return {
    client,
    closed,
    subscribe<T>(query: string, variables?: Record<string, unknown>): LiveSubscription<T> {
      const results: ExecutionResult<T>[] = [];
      let taken = 0;
      const waiters: (() => void)[] = [];
      let unsubscribe = () => {};
      const done = new Promise<void>((resolve, reject) => {
        unsubscribe = client.subscribe<T>(
          { query, variables },
          {
            next: (result) => {
              results.push(result);
              for (const wake of waiters.splice(0)) wake();
            },
            // graphql-ws ends with a close event or a list of GraphQL errors; tests assert them as they are.
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
            error: (error) => reject(error),
            complete: () => resolve(),
          },
        );
      });
      done.catch(() => {}); // observed through `done` by the tests that expect it
      const subscription: LiveSubscription<T> = {
        results,
        done,
        unsubscribe: () => unsubscribe(),
        drain() {
          const drained = results.slice(taken);
          taken = results.length;
          return drained;
        },
        async until(predicate, timeoutMs) {
          for (;;) {
            const result = await subscription.next(timeoutMs);
            if (predicate(result)) return result;
          }
        },
        async takeUntil(predicate, timeoutMs) {
          const taken: ExecutionResult<T>[] = [];
          for (;;) {
            const result = await subscription.next(timeoutMs);
            taken.push(result);
            if (predicate(result)) return taken;
          }
        },
        async next(timeoutMs = 1_000) {
          const deadline = Date.now() + timeoutMs;
          while (results.length <= taken) {
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`No event within ${timeoutMs} ms (had ${results.length}).`);
            await Promise.race([new Promise<void>((wake) => waiters.push(wake)), new Promise((wake) => setTimeout(wake, left)), done.catch(() => {})]);
          }
          return required(results[taken++], 'the event waited for');
        },
      };
      return subscription;
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/**
 * Makes sure a subscription is live before a test relies on it: repeats `probe` (which causes an
 * event carrying the id it returns) until an event arrives, then probes once more and takes every
 * event up to that last one, so the next event the test sees is one it caused afterwards.
 */
export async function untilLive(
  subscription: LiveSubscription<unknown>,
  probe: (attempt: number) => Promise<string>,
  { attempts = 40, waitMs = 250 } = {},
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (attempt === attempts) throw new Error('The subscription never went live.');
    await probe(attempt);
    const arrived = await subscription.next(waitMs).then(
      () => true,
      () => false,
    );
    if (arrived) break;
  }
  const marker = await probe(attempts);
  await untilId(subscription, marker);
}

/** Takes events until one that carries `id` (a tweet's), waiting up to `timeoutMs` for each; returns all it took. */
export function untilId<T>(subscription: LiveSubscription<T>, id: string, timeoutMs = 5_000): Promise<ExecutionResult<T>[]> {
  return subscription.takeUntil((result) => JSON.stringify(result.data).includes(id), timeoutMs);
}

export function bearer(token: string): Record<string, unknown> {
  return { authorization: `Bearer ${token}` };
}

/** How the server answered a raw handshake: the socket acknowledged, the upgrade refused (HTTP status), or the socket closed (code). */
export type Handshake =
  | { outcome: 'acknowledged'; socket: WebSocket; closed: Promise<number> }
  | { outcome: 'refused'; status: number; body: string }
  | { outcome: 'closed'; code: number; reason: string };

/**
 * Opens a raw graphql-transport-ws socket with the upgrade's `headers` (an `Origin`, say) and sends
 * `connection_init` with `payload`; resolves with how the server answered. An acknowledged socket
 * is the caller's to close.
 */
export function handshake(
  httpUrl: string,
  { headers = {}, payload }: { headers?: Record<string, string>; payload?: Record<string, unknown> } = {},
): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
    const closed = new Promise<number>((resolveClosed) => socket.on('close', (code) => resolveClosed(code)));
    socket.on('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve({ outcome: 'refused', status: response.statusCode ?? 0, body });
        request.destroy();
      });
    });
    socket.on('error', (error) => {
      if (socket.readyState === WebSocket.CONNECTING) reject(error);
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
    socket.on('message', (data) => {
      if ((JSON.parse((data as Buffer).toString()) as { type: string }).type === 'connection_ack') resolve({ outcome: 'acknowledged', socket, closed });
    });
    socket.on('close', (code, reason) => resolve({ outcome: 'closed', code, reason: reason.toString() }));
  });
}

/** A `connect` for a test file: every client it opens is disposed after each test. */
export function connectDisposedAfterEach(): (server: { url: string }, connectionParams?: Record<string, unknown>) => LiveClient {
  const clients: LiveClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  return (server, connectionParams) => {
    const client = liveClient(server.url, connectionParams);
    clients.push(client);
    return client;
  };
}
