/**
 * Rate limits
 *
 * What one user or one address may do in a while, decided here and counted by the store behind
 * the narrow `RateCounters` port (Redis when instances share one, memory otherwise):
 * - per user: tweets posted; favorites and unfavorites; follows and unfollows;
 * - per handle and per address: failed log-ins (a handle under attack is locked for everyone,
 *   an address guessing many handles too; a successful log-in clears the handle's count; after
 *   the first refusal, each attempt on a locked handle doubles what is left of its lock, up to a
 *   day, so a guesser that keeps trying waits longer and longer while a person who waits is not
 *   held up);
 * - per address: sign-ups, and operations of signed-out readers.
 * Over a limit: RATE_LIMITED with the seconds to wait. Off (RATE_LIMITS=off): nothing is counted.
 */
import { DomainError, ErrorCode } from '../errors';
import { NO_METRICS, type Metrics } from '../metrics';
import type { Viewer } from '../viewer';

export type RateLimitName =
  'tweets' | 'favorites' | 'follows' | 'failedLogInsPerHandle' | 'failedLogInsPerAddress' | 'signUpsPerAddress' | 'anonymousReadsPerAddress';

/** At most `points` events in `durationSeconds` for one key. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

export type RateLimitSettings = Record<RateLimitName, RateLimit>;

/** The counting the domain needs from a store. */
export interface RateCounters {
  /** Counts one event for `key`: 0 when that was within the limit, else the seconds until it is. */
  consume(limit: RateLimitName, key: string): Promise<number>;
  /** The seconds `key` must wait before its next event, without counting one (0: none). */
  waitFor(limit: RateLimitName, key: string): Promise<number>;
  /** Forgets `key`'s events. */
  reset(limit: RateLimitName, key: string): Promise<void>;
  /** Refuses `key` for the next `seconds`, whatever it has counted; it is then `refusedBefore`. */
  block(limit: RateLimitName, key: string, seconds: number): Promise<void>;
  /** Whether `key` has been refused (counted past its limit, or blocked) in its current window. */
  refusedBefore(limit: RateLimitName, key: string): Promise<boolean>;
}

export class RateLimitedError extends DomainError {
  override name = 'RateLimitedError';

  constructor(
    message: string,
    /** Whole seconds until the action is allowed again. */
    readonly retryAfterSeconds: number,
  ) {
    super(ErrorCode.RateLimited, `${message} Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`);
  }
}

/** Who is asking, as far as limits care: the address a request came from (behind TRUST_PROXY). */
export interface Client {
  address?: string;
}

export type UserAction = 'tweets' | 'favorites' | 'follows';

const USER_ACTION_MESSAGES: Record<UserAction, string> = {
  tweets: 'You have posted too many tweets for now.',
  favorites: 'You have favorited and unfavorited too many tweets for now.',
  follows: 'You have followed and unfollowed too many accounts for now.',
};

/** Where an address is unknown (a test's direct call), all such callers share one count. */
const UNKNOWN_ADDRESS = 'unknown';

/** The longest a handle's lock grows to. */
const MAX_LOCK_SECONDS = 24 * 3600;

export class RateLimits {
  /** `counters` null: limits are off. */
  constructor(
    private readonly counters: RateCounters | null,
    private readonly metrics: Pick<Metrics, 'rateLimitRefused'> = NO_METRICS,
  ) {}

  get enabled(): boolean {
    return this.counters !== null;
  }

  /** Counts a user's tweet, favorite or follow (or its undoing), refusing it over the limit. */
  async userAction(action: UserAction, userId: string): Promise<void> {
    await this.count(action, userId, USER_ACTION_MESSAGES[action]);
  }

  /** Refuses a log-in attempt while the handle or the address is locked out by failures. */
  async beforeLogIn(handleKey: string, client: Client): Promise<void> {
    if (!this.counters) return;
    let handleWait = await this.counters.waitFor('failedLogInsPerHandle', handleKey);
    if (handleWait > 0) {
      // The first refusal leaves the lock as it is; every attempt after it doubles what is left.
      if (await this.counters.refusedBefore('failedLogInsPerHandle', handleKey)) handleWait = Math.min(handleWait * 2, MAX_LOCK_SECONDS);
      await this.counters.block('failedLogInsPerHandle', handleKey, handleWait);
    }
    const addressWait = await this.counters.waitFor('failedLogInsPerAddress', addressOf(client));
    if (handleWait > 0 || addressWait > 0) {
      this.metrics.rateLimitRefused(handleWait >= addressWait ? 'failedLogInsPerHandle' : 'failedLogInsPerAddress');
      throw new RateLimitedError('Too many failed log-ins.', Math.max(handleWait, addressWait));
    }
  }

  async failedLogIn(handleKey: string, client: Client): Promise<void> {
    if (!this.counters) return;
    await Promise.all([this.counters.consume('failedLogInsPerHandle', handleKey), this.counters.consume('failedLogInsPerAddress', addressOf(client))]);
  }

  async succeededLogIn(handleKey: string): Promise<void> {
    await this.counters?.reset('failedLogInsPerHandle', handleKey);
  }

  async signUp(client: Client): Promise<void> {
    await this.count('signUpsPerAddress', addressOf(client), 'Too many accounts were created from your address.');
  }

  /** Before an operation runs: signed-out reads are counted per address. */
  async beforeOperation(kind: 'query' | 'mutation' | 'subscription', viewer: Viewer, client: Client): Promise<void> {
    if (kind === 'query' && !viewer.signedIn)
      await this.count('anonymousReadsPerAddress', addressOf(client), 'Too many requests from your address; log in for more.');
  }

  private async count(limit: RateLimitName, key: string, message: string): Promise<void> {
    if (!this.counters) return;
    const wait = await this.counters.consume(limit, key);
    if (wait > 0) {
      this.metrics.rateLimitRefused(limit);
      throw new RateLimitedError(message, wait);
    }
  }
}

function addressOf(client: Client): string {
  return client.address ?? UNKNOWN_ADDRESS;
}

/** The limits as one request sees them: its viewer and client already known. */
export class RequestRateLimits {
  constructor(
    private readonly rateLimits: RateLimits,
    private readonly viewer: Viewer,
    private readonly client: Client,
  ) {}

  beforeOperation(kind: 'query' | 'mutation' | 'subscription'): Promise<void> {
    return this.rateLimits.beforeOperation(kind, this.viewer, this.client);
  }
}
