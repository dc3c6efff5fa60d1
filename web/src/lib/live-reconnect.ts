/**
 * Live reconnection
 *
 * What the app does when the server closes its WebSocket. 4403 Forbidden means the session is over
 * (a log-out everywhere, a password change, an expired or refused token): sign out, never retry.
 * Anything else is retried: 1013 Try Again Later (the server could not check the session, the
 * database being away, or the person holds too many connections), 1001 a restart, 1006 a dropped
 * network or a refused upgrade. The wait doubles from a second up to half a minute, with jitter,
 * so that a long outage is noticed soon after it ends and tabs do not all come back at once.
 */

/** The server's close code for a session that is over. */
export const SESSION_ENDED = 4403;

const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/** True when the socket closed because the session is over. */
export function isSessionEnded(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'code' in event && event.code === SESSION_ENDED;
}

/** graphql-ws's `shouldRetry`: everything but the end of the session. */
export function shouldReconnect(event: unknown): boolean {
  return !isSessionEnded(event);
}

/** How long to wait before reconnection attempt `retries` (0 first): doubling, capped, between half and all of it. */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(FIRST_WAIT_MS * 2 ** retries, LONGEST_WAIT_MS);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
