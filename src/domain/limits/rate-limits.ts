/**
 * Rate limits
 *
 * What one user or one address may do in a while, decided here and counted by the store behind
 * the narrow `RateCounters` port (Redis when instances share one, memory otherwise):
 * - per user: tweets posted; favorites and unfavorites; follows and unfollows; account changes
 *   (profile, password, log-out everywhere); signed-in queries and subscription starts;
 * - per user: wrong current passwords in `changePassword`, counted like failed log-ins;
 * - per handle: successful log-ins (each runs argon2, 64 MiB);
 * - per address: sign-ups, and signed-out queries and subscription starts.
 *
 * Password guessing (OWASP's authentication cheat sheet, "Login Throttling"): every attempt takes
 * its place in the counts before the password is checked and gives it back when the password was
 * right, so N concurrent guesses get exactly as many tries as N sequential ones. Failures are
 * counted per (handle, address) and per address, which refuse until their window ends, and per
 * handle from every address, which only slows the handle down: its wait is what is left of its
 * window (minutes), never a day, and an address the account logged in from before (remembered for
 * three weeks) is exempt from it. So a guesser's failures never lock the owner out: from their usual
 * address the owner has their own budget, from a new one they wait minutes at most. The trade:
 * guessing one handle from many addresses is held to the handle's budget a window, the owner on a
 * new device may wait, and nobody is locked out for long.
 *
 * Every per-request budget is one counter keyed by the viewer (user, else address), so that one
 * Redis script could check a request's budgets in one round trip. Over a limit: RATE_LIMITED with
 * the seconds to wait. Off (RATE_LIMITS=off): nothing is counted.
 */
import { DomainError, ErrorCode } from '../errors';
import { NO_METRICS, type Metrics, type SecurityEvent } from '../metrics';
import type { Viewer } from '../viewer';

export type RateLimitName =
  | 'tweets'
  | 'favorites'
  | 'follows'
  | 'accountChanges'
  | 'signedInOperations'
  | 'failedPasswordChecks'
  | 'logIns'
  | 'failedLogInsPerHandleAndAddress'
  | 'failedLogInsPerHandle'
  | 'failedLogInsPerAddress'
  | 'signUpsPerAddress'
  | 'anonymousReadsPerAddress'
  /** Not a limit: addresses a handle logged in from, remembered for the limit's duration. */
  | 'knownLogInAddresses';

/** At most `points` events in `durationSeconds` for one key. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

export type RateLimitSettings = Record<RateLimitName, RateLimit>;

/** The counting the domain needs from a store; every call on one key is atomic. */
export interface RateCounters {
  /** Counts one event for `key`: 0 when that was within the limit, else the seconds until it is. */
  consume(limit: RateLimitName, key: string): Promise<number>;
  /** Takes back one event counted for `key`. */
  giveBack(limit: RateLimitName, key: string): Promise<void>;
  /** The seconds `key` must wait before its next event, without counting one (0: none). */
  waitFor(limit: RateLimitName, key: string): Promise<number>;
  /** Remembers `key` for the limit's duration. */
  remember(limit: RateLimitName, key: string): Promise<void>;
  remembers(limit: RateLimitName, key: string): Promise<boolean>;
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

export type UserAction = 'tweets' | 'favorites' | 'follows' | 'accountChanges';

const USER_ACTION_MESSAGES: Record<UserAction, string> = {
  tweets: 'You have posted too many tweets for now.',
  favorites: 'You have favorited and unfavorited too many tweets for now.',
  follows: 'You have followed and unfollowed too many accounts for now.',
  accountChanges: 'You have changed your account too many times for now.',
};

const FAILED_LOG_INS = 'Too many failed log-ins.';

/** Where an address is unknown (a test's direct call), all such callers share one count. */
const UNKNOWN_ADDRESS = 'unknown';

/** A password check that has taken its place in the counts: settle it with the check's outcome. */
export interface PasswordAttempt {
  succeeded(): Promise<void>;
}

/** The security events the domain reports, with whom they concern (logged, and counted by kind). */
export type SecurityEvents = Pick<Metrics, 'rateLimitRefused' | 'securityEvent'>;

export class RateLimits {
  /** `counters` null: limits are off. */
  constructor(
    private readonly counters: RateCounters | null,
    private readonly metrics: SecurityEvents = NO_METRICS,
  ) {}

  get enabled(): boolean {
    return this.counters !== null;
  }

  /** Counts a user's tweet, favorite, follow or account change (or its undoing), refusing it over the limit. */
  async userAction(action: UserAction, userId: string): Promise<void> {
    await this.count(action, userId, USER_ACTION_MESSAGES[action]);
  }

  /**
   * Takes a log-in attempt's place in the failure counts before its password is checked, refusing
   * it when the handle has logged in too often, or when its (handle, address), its address or (from
   * an address the handle has not logged in from) the handle has failed too often.
   */
  async startLogIn(handleKey: string, client: Client): Promise<PasswordAttempt> {
    const counters = this.counters;
    if (!counters) return SETTLED;
    const address = addressOf(client);
    const pair = `${handleKey}@${address}`;
    const logInWait = await counters.waitFor('logIns', handleKey);
    if (logInWait > 0) this.refuse('logIns', 'logInThrottled', 'Too many log-ins to this account.', logInWait, { handleKey, address });
    const [pairWait, addressWait, known] = await Promise.all([
      counters.consume('failedLogInsPerHandleAndAddress', pair),
      counters.consume('failedLogInsPerAddress', address),
      counters.remembers('knownLogInAddresses', pair),
    ]);
    const taken: [RateLimitName, string][] = [];
    if (pairWait === 0) taken.push(['failedLogInsPerHandleAndAddress', pair]);
    if (addressWait === 0) taken.push(['failedLogInsPerAddress', address]);
    // A refused attempt is not checked, so it must not use up the other budgets either.
    const refusal = (limit: RateLimitName, wait: number) => {
      // Not awaited: the refusal does not wait on it, and a count that fails to go back only errs on the safe side.
      void Promise.all(taken.map(([name, key]) => counters.giveBack(name, key))).catch(() => {});
      this.refuse(limit, 'logInThrottled', FAILED_LOG_INS, wait, { handleKey, address });
    };
    if (pairWait > 0) refusal('failedLogInsPerHandleAndAddress', pairWait);
    if (addressWait > 0) refusal('failedLogInsPerAddress', addressWait);
    if (!known) {
      const handleWait = await counters.consume('failedLogInsPerHandle', handleKey);
      if (handleWait > 0) refusal('failedLogInsPerHandle', handleWait);
      taken.push(['failedLogInsPerHandle', handleKey]);
    }
    return {
      succeeded: async () => {
        await Promise.all([
          ...taken.map(([name, key]) => counters.giveBack(name, key)),
          counters.consume('logIns', handleKey),
          counters.remember('knownLogInAddresses', pair),
        ]);
      },
    };
  }

  /** Takes a check of a signed-in user's password (changePassword) its place in the user's failure count. */
  async startPasswordCheck(userId: string, client: Client): Promise<PasswordAttempt> {
    const counters = this.counters;
    if (!counters) return SETTLED;
    const wait = await counters.consume('failedPasswordChecks', userId);
    if (wait > 0) this.refuse('failedPasswordChecks', 'passwordCheckThrottled', 'Too many wrong passwords.', wait, { userId, address: addressOf(client) });
    return { succeeded: () => counters.giveBack('failedPasswordChecks', userId) };
  }

  async signUp(client: Client): Promise<void> {
    await this.count('signUpsPerAddress', addressOf(client), 'Too many accounts were created from your address.');
  }

  /**
   * Before an operation runs: queries and subscription starts are counted per user, or per address
   * when signed out; each mutation is counted by its own budget.
   */
  async beforeOperation(kind: 'query' | 'mutation' | 'subscription', viewer: Viewer, client: Client): Promise<void> {
    if (kind === 'mutation') return;
    if (viewer.signedIn) await this.count('signedInOperations', viewer.userId, 'You have made too many requests for now.');
    else await this.count('anonymousReadsPerAddress', addressOf(client), 'Too many requests from your address; log in for more.');
  }

  private async count(limit: RateLimitName, key: string, message: string): Promise<void> {
    if (!this.counters) return;
    const wait = await this.counters.consume(limit, key);
    if (wait > 0) {
      this.metrics.rateLimitRefused(limit);
      throw new RateLimitedError(message, wait);
    }
  }

  private refuse(limit: RateLimitName, event: SecurityEvent, message: string, wait: number, subject: Record<string, string>): never {
    this.metrics.rateLimitRefused(limit);
    this.metrics.securityEvent(event, { limit, ...subject });
    throw new RateLimitedError(message, wait);
  }
}

const SETTLED: PasswordAttempt = { succeeded: async () => {} };

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
