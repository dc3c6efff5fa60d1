/**
 * The web app's decision when the server closes its WebSocket (web/src/lib/live-reconnect.ts,
 * graphql-ws's `shouldRetry` and `retryWait`): sign out only when the session is over, come back
 * after anything else, sooner than graphql-ws's own unbounded doubling would after a long outage.
 */
import { isSessionEnded, reconnectDelayMs, shouldReconnect } from '../../web/src/lib/live-reconnect';

it('signs out on 4403 only, and reconnects after 1013 Try Again Later, a restart, a dropped network or an error', () => {
  expect([isSessionEnded({ code: 4403 }), shouldReconnect({ code: 4403 })]).toEqual([true, false]);
  for (const code of [1013, 1001, 1006, 1012, 4500]) expect([isSessionEnded({ code }), shouldReconnect({ code })]).toEqual([false, true]);
  expect(shouldReconnect(new Error('getaddrinfo ENOTFOUND'))).toBe(true);
});

it('waits a second at first, doubling up to half a minute, with jitter between half and all of it', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 20].map((retries) => reconnectDelayMs(retries, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  expect([0, 5, 20].map((retries) => reconnectDelayMs(retries, () => 0))).toEqual([500, 15_000, 15_000]);
});
