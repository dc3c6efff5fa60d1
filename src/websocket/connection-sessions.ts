/**
 * Connection sessions
 *
 * How an open WebSocket follows its session: closed with 4403 when its token expires, and when the
 * user's sessions end on any instance (a password change, a log-out everywhere), told by the live
 * feeds; listening for that is retried with a backoff while the event bus is away, and each
 * operation the connection starts checks the session meanwhile (subscriptions-server.ts).
 */
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';

import type { ContextDependencies } from '../context';
import { authenticate } from '../domain/accounts/authentication';
import { DomainError, ErrorCode } from '../domain/errors';
import type { Unsubscribe } from '../domain/live/event-bus';
import type { Logger } from '../logger';

/** What a connection keeps of its session. */
export interface SessionState {
  /** The connection's token, checked again as each operation starts. */
  authorization: string | undefined;
  closed: boolean;
  expiry?: NodeJS.Timeout;
  /** The next attempt to listen for the end of the viewer's sessions, while the event bus is away. */
  sessionRetry?: NodeJS.Timeout;
  /** Stops listening for the end of the viewer's sessions. */
  unwatchSessions?: Unsubscribe;
}

/** setTimeout's longest delay; later expiries are re-armed until they are near. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Listening for the end of sessions is retried after this long, doubled each time up to the most. */
const FIRST_SESSION_RETRY_MS = 500;
const MOST_SESSION_RETRY_MS = 30_000;

/** Ends the connection, and with it the viewer's subscriptions, when its token expires. */
export function closeAtExpiry(socket: WebSocket, state: SessionState, expiresAt: number): void {
  const remaining = expiresAt - Date.now();
  if (remaining <= 0) {
    socket.close(CloseCode.Forbidden, 'Token expired');
    return;
  }
  state.expiry = setTimeout(() => closeAtExpiry(socket, state, expiresAt), Math.min(remaining, MAX_TIMER_MS));
  state.expiry.unref();
}

/**
 * Closes the connection with 4403 when the user's sessions end after its token was issued, wherever
 * that happens (the live feeds carry the notice to every instance). Not awaited by the handshake: a
 * connection does not wait for the event bus. While the bus is away, listening is retried with a
 * backoff until the connection closes (each operation it starts checks the session meanwhile).
 * Once listening, the session is checked again, so an end before then closes the socket too.
 */
export function watchSessions(
  socket: WebSocket,
  state: SessionState,
  userId: string,
  tokenVersion: number,
  dependencies: ContextDependencies,
  logger: Logger,
  retryMs = FIRST_SESSION_RETRY_MS,
): void {
  const listening = dependencies.live.sessionEnds(userId, (current) => {
    if (tokenVersion < current) socket.close(CloseCode.Forbidden, 'Session ended');
  });
  listening.then(
    async (unsubscribe) => {
      if (state.closed) return unsubscribe();
      state.unwatchSessions = unsubscribe;
      try {
        await authenticate(state.authorization, dependencies.tokens, dependencies.stores.users);
      } catch (error) {
        if (isSessionOver(error)) socket.close(CloseCode.Forbidden, 'Session ended');
        else logger.warn({ err: error, userId }, 'Checking the session of an open connection failed; its next operation checks again');
      }
    },
    (error: unknown) => {
      if (state.closed) return;
      // Once a connection at `warn`: an outage of the bus would otherwise log every connection's every retry.
      if (retryMs === FIRST_SESSION_RETRY_MS) logger.warn({ err: error, userId }, 'Listening for the end of sessions failed; retrying with a backoff');
      else logger.debug({ err: error, userId, retryMs }, 'Listening for the end of sessions failed again');
      state.sessionRetry = setTimeout(
        () => watchSessions(socket, state, userId, tokenVersion, dependencies, logger, Math.min(retryMs * 2, MOST_SESSION_RETRY_MS)),
        retryMs,
      );
      state.sessionRetry.unref();
    },
  );
}

/** A session known to be over (UNAUTHENTICATED), as opposed to one that could not be checked. */
export function isSessionOver(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.Unauthenticated;
}
