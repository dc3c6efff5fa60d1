/**
 * Redis link
 *
 * Whether the caches may use the shared Redis connection right now, and the cache epoch their keys
 * live under. Neo4j is the record and Redis only a cache of it, so while Redis cannot be reached
 * the caches step aside (reads go to Neo4j, writes to the cache are skipped) instead of making
 * requests wait or fail; and since a Redis that comes back may hold what it held before (a pause,
 * a partition, a restart from a snapshot) while writes went to Neo4j meanwhile, every return starts
 * a new epoch: a generation number in every cache key (redis-layout.ts), so what was cached before
 * is ignored, rebuilt lazily from Neo4j, and expires.
 *
 * - Down: a command failed without an answer from Redis (a closed connection, a timeout), or the
 *   connection closed. Cache commands are refused at once; a probe PINGs until Redis answers.
 * - Back: the instance INCRs the shared epoch key and uses the new epoch. Other instances read the
 *   epoch key every `epochPollMs` and follow. The first connection only reads it, unless a cache
 *   write was already skipped.
 * - Warming: for `warmingMs` after an instance takes a new epoch it writes to it but reads nothing
 *   from it (and builds no feed in it): by then every instance has moved to it and no write to the
 *   old epoch can still be in flight, so nothing the old epoch missed can be built into the new one.
 *
 * The limit, stated: an instance that cannot reach Redis cannot tell the others; they serve what
 * they cached until it is back (the writes it made meanwhile are in Neo4j, and in the cache once it
 * bumps the epoch), plus at most one poll.
 */

import type { Logger } from '../logger';
import type { RedisClient } from './redis-connection';

export interface RedisLinkSettings {
  /** How often an instance whose Redis is down tries it again. */
  probeIntervalMs: number;
  /** How often an instance reads the shared epoch, to follow one another instance started. */
  epochPollMs: number;
  /** How long after taking a new epoch nothing is read from it: longer than a poll plus a command's timeout. */
  warmingMs: number;
}

/** A cache command refused or failed because Redis cannot be reached; the caller serves from Neo4j. */
export class RedisUnavailable extends Error {}

/** Reads use the cache's contents; writes only change it. A feed rebuild counts as a read (it makes contents to be read). */
export type CacheAccess = 'read' | 'write';

/** What the Redis caches ask before each command; `ALWAYS_UP` for a bare connection (tests, benchmarks). */
export interface CacheGate {
  /** The generation every cache key is made under. */
  readonly epoch: number;
  /** 'warming': up, but reading nothing cached yet (see above). */
  readonly state: 'up' | 'warming' | 'down';
  /** Runs a cache command, or refuses it with RedisUnavailable while Redis is down (or warming, for a read). */
  run<T>(access: CacheAccess, command: () => Promise<T>): Promise<T>;
}

export const ALWAYS_UP: CacheGate = { epoch: 0, state: 'up', run: (_access, command) => command() };

export class RedisLink implements CacheGate {
  private up = false;
  private everUp = false;
  private skippedWrites = false;
  private recovering: Promise<void> | undefined;
  private warmUntil = 0;
  private downSince = Date.now();
  private currentEpoch = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;
  private readonly probe: NodeJS.Timeout;
  private readonly poll: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisClient,
    private readonly epochKey: string,
    private readonly settings: RedisLinkSettings,
    private readonly logger: Logger,
  ) {
    redis.on('ready', () => void this.recover());
    redis.on('close', () => this.lost('the connection closed'));
    this.probe = setInterval(() => {
      if (!this.up && redis.status === 'ready') void this.recover();
    }, settings.probeIntervalMs);
    this.poll = setInterval(() => void this.pollEpoch(), settings.epochPollMs);
    this.probe.unref();
    this.poll.unref();
  }

  get epoch(): number {
    return this.currentEpoch;
  }

  get state(): 'up' | 'warming' | 'down' {
    if (!this.up) return 'down';
    return Date.now() < this.warmUntil ? 'warming' : 'up';
  }

  /** When Redis was last found unreachable (while down). */
  get unreachableSince(): number | undefined {
    return this.up ? undefined : this.downSince;
  }

  /** Resolves once Redis has answered (at once if it has), false if it has not within `timeoutMs`. */
  async connected(timeoutMs: number): Promise<boolean> {
    if (this.up) return true;
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<boolean>((resolve) => this.waiting.push(() => resolve(true)));
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async run<T>(access: CacheAccess, command: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'down' || (access === 'read' && state === 'warming')) {
      if (access === 'write') this.skippedWrites = true;
      throw new RedisUnavailable(state === 'down' ? 'Redis is unreachable.' : 'The Redis cache is warming up after an outage.');
    }
    try {
      return await command();
    } catch (error) {
      if (answeredWithBug(error)) throw error;
      if (access === 'write') this.skippedWrites = true;
      this.lost(error instanceof Error ? error.message : String(error));
      throw new RedisUnavailable('Redis is unreachable.', { cause: error });
    }
  }

  /** Stops probing and polling; the connection's owner closes it (which is then no outage). */
  close(): void {
    this.closed = true;
    clearInterval(this.probe);
    clearInterval(this.poll);
  }

  private lost(reason: string): void {
    if (!this.up || this.closed) return;
    this.up = false;
    this.downSince = Date.now();
    this.logger.warn({ reason }, 'Redis unreachable: serving from Neo4j, cache writes skipped until it answers again');
  }

  /** Redis answers again (or for the first time): a new epoch after an outage, the current one at first. */
  private recover(): Promise<void> {
    this.recovering ??= (async () => {
      try {
        await this.redis.ping();
        const bump = this.everUp || this.skippedWrites;
        // INCRBY 0 reads the epoch, creating it at 0 on a Redis that never had one.
        const epoch = bump ? await this.redis.incr(this.epochKey) : await this.redis.incrby(this.epochKey, 0);
        this.adopt(epoch, bump);
        this.up = true;
        this.everUp = true;
        this.skippedWrites = false;
        for (const resolve of this.waiting.splice(0)) resolve();
        this.logger.info({ epoch, warmingMs: bump ? this.settings.warmingMs : 0 }, bump ? 'Redis is back: a new cache epoch' : 'Redis connected');
      } catch (error) {
        this.logger.debug({ err: error }, 'Redis still unreachable');
      } finally {
        this.recovering = undefined;
      }
    })();
    return this.recovering;
  }

  /** Follows an epoch another instance started (or a Redis that lost its epoch key: a new one then). */
  private async pollEpoch(): Promise<void> {
    if (!this.up || this.recovering) return;
    const polled = this.currentEpoch;
    try {
      const value = await this.redis.get(this.epochKey);
      const epoch = value === null ? await this.redis.incr(this.epochKey) : Number(value);
      // A recovery that bumped the epoch meanwhile is newer than this read.
      if (epoch === this.currentEpoch || polled !== this.currentEpoch || this.state === 'down') return;
      this.logger.info({ from: this.currentEpoch, to: epoch }, 'Following a new cache epoch');
      this.adopt(epoch, true);
    } catch (error) {
      if (answeredWithBug(error)) this.logger.error({ err: error }, 'Reading the cache epoch failed');
      else this.lost(error instanceof Error ? error.message : String(error));
    }
  }

  private adopt(epoch: number, warm: boolean): void {
    this.currentEpoch = epoch;
    if (warm) this.warmUntil = Date.now() + this.settings.warmingMs;
  }
}

/**
 * Redis answered with an error that is not about being unable to serve now (those mean down:
 * still loading a snapshot, out of memory, read-only, a long script): a bug, to be seen, not an outage.
 */
function answeredWithBug(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError' && !/^(LOADING|OOM|READONLY|MISCONF|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/.test(error.message);
}
