/**
 * Subscription limits
 *
 * What one client may hold of the subscriptions server, counted in this process's memory (so per
 * instance, and without a Redis command per connection or event): open connections per address
 * and per user (OpenSockets), and events sent a second per connection (EventRate, which ends the
 * subscription that would pass it with LIMIT_EXCEEDED).
 */
import type { ExecutionResult } from 'graphql';

import { DomainError, ErrorCode } from '../domain/errors';

/** Open connections by key (an address, a user id), at most `max` each. */
export class OpenSockets {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {}

  hasRoom(key: string): boolean {
    return (this.counts.get(key) ?? 0) < this.max;
  }

  /** Counts one more connection of `key`; false, counting nothing, when it has `max` already. */
  open(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  close(key: string): void {
    const count = this.counts.get(key) ?? 0;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }
}

/** Events sent on one connection, at most `maxPerSecond` in each second (a window that starts with its first event). */
export class EventRate {
  private windowStart = Number.NEGATIVE_INFINITY;
  private sent = 0;

  constructor(
    readonly maxPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts one event; false when the connection has been sent its `maxPerSecond` this second. */
  allow(): boolean {
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.sent = 0;
    }
    if (this.sent >= this.maxPerSecond) return false;
    this.sent += 1;
    return true;
  }
}

/**
 * The subscription's results, each counted by the connection's `rate`: the first one past it is
 * not sent, and the subscription ends with LIMIT_EXCEEDED instead (graphql-ws sends it as the
 * operation's error). Each call goes straight to the source, as in countedSubscription.
 */
export function rateLimitedSubscription(source: AsyncIterable<ExecutionResult>, rate: EventRate): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const limited: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const result = await iterator.next();
      if (result.done !== true && !rate.allow()) {
        await iterator.return?.();
        throw new DomainError(
          ErrorCode.LimitExceeded,
          `More than ${rate.maxPerSecond} events a second were due on this connection: this subscription has ended; subscribe again later.`,
        );
      }
      return result;
    },
    async return(value?: unknown) {
      return (await iterator.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return limited;
    },
  };
  return limited;
}
