/**
 * Watched ids
 *
 * What one client connection watches at once, across all its subscriptions: every tweet, author
 * or home timeline it follows is a listener on this instance and an entry in the event bus's
 * subscriptions (Redis), so a connection may hold at most `max` of them. A subscription takes its
 * ids before it opens their streams and gives each back as its stream closes.
 */
import { DomainError, ErrorCode } from '../errors';

export class WatchedIds {
  private watching = 0;

  constructor(readonly max: number) {}

  get count(): number {
    return this.watching;
  }

  /** Takes `count` more, or none and throws LIMIT_EXCEEDED when that would pass the limit. */
  take(count: number): void {
    if (this.watching + count > this.max) {
      throw new DomainError(
        ErrorCode.LimitExceeded,
        `A connection may watch at most ${this.max} ids at once (it watches ${this.watching}, and this subscription asks for ${count} more); complete a subscription first.`,
      );
    }
    this.watching += count;
  }

  /** Gives back `count` taken before. */
  give(count = 1): void {
    this.watching = Math.max(0, this.watching - count);
  }
}
