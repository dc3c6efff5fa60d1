/**
 * The subscriptions server's in-process counters: open connections by key, and events a second
 * by connection, which end the subscription that would pass them with LIMIT_EXCEEDED.
 */
import type { ExecutionResult } from 'graphql';

import { EventRate, OpenSockets, rateLimitedSubscription } from '../../src/websocket/subscription-limits';

it('counts open connections by key, refusing the one past the most, and frees a place as one closes', () => {
  const sockets = new OpenSockets(2);
  expect([sockets.open('a'), sockets.open('a'), sockets.open('a'), sockets.open('b')]).toEqual([true, true, false, true]);
  expect(sockets.hasRoom('a')).toBe(false);
  sockets.close('a');
  expect(sockets.hasRoom('a')).toBe(true);
  expect(sockets.open('a')).toBe(true);
});

it('allows the most events in a second, and as many again once the second has passed', () => {
  let now = 0;
  const rate = new EventRate(3, () => now);
  expect([rate.allow(), rate.allow(), rate.allow(), rate.allow()]).toEqual([true, true, true, false]);
  now = 999;
  expect(rate.allow()).toBe(false);
  now = 1_000;
  expect([rate.allow(), rate.allow(), rate.allow(), rate.allow()]).toEqual([true, true, true, false]);
});

it('ends a subscription with LIMIT_EXCEEDED instead of handing on the event past the rate, and ends its source', async () => {
  const ended = jest.fn();
  async function* source(): AsyncGenerator<ExecutionResult> {
    try {
      for (let n = 1; ; n++) yield { data: { n } };
    } finally {
      ended();
    }
  }
  const limited = rateLimitedSubscription(source(), new EventRate(2, () => 0));
  expect(await limited.next()).toEqual({ done: false, value: { data: { n: 1 } } });
  expect(await limited.next()).toEqual({ done: false, value: { data: { n: 2 } } });
  await expect(limited.next()).rejects.toMatchObject({
    code: 'LIMIT_EXCEEDED',
    message: 'More than 2 events a second were due on this connection: this subscription has ended; subscribe again later.',
  });
  expect(ended).toHaveBeenCalledTimes(1);
});
