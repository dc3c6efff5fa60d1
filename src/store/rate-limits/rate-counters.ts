/**
 * Rate counters
 *
 * The store side of rate limits (domain/limits/rate-limits.ts), with rate-limiter-flexible: one
 * fixed-window limiter per limit, in Redis when instances share one (every instance counts
 * together, keys under the layout's `rate:` prefix) and in memory otherwise. While Redis is away,
 * each instance counts in memory on its own (the limiter's insurance, chosen at once while the
 * link is down, so a request never waits on Redis for it): limits stay enforced per instance,
 * neither failing open nor refusing everyone, and Redis counts again when it is back.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

import type { RateCounters, RateLimitName, RateLimitSettings } from '../../domain/limits/rate-limits';
import type { RedisClient } from '../redis-connection';
import type { RedisLayout } from '../redis-layout';
import type { CacheGate } from '../redis-link';

interface Limiter {
  /** Counted in Redis, shared by every instance; absent without Redis. */
  shared?: RateLimiterAbstract;
  /** Counted in this process: without Redis, and while it is away. */
  local: RateLimiterAbstract;
  points: number;
  durationSeconds: number;
}

export function createRateCounters(settings: RateLimitSettings, redis?: { connection: RedisClient; layout: RedisLayout; link: CacheGate }): RateCounters {
  const limiters = new Map<RateLimitName, Limiter>();
  for (const [name, { points, durationSeconds }] of Object.entries(settings) as [RateLimitName, RateLimitSettings[RateLimitName]][]) {
    const local = new RateLimiterMemory({ points, duration: durationSeconds });
    const shared =
      redis &&
      new RateLimiterRedis({
        storeClient: redis.connection,
        keyPrefix: redis.layout.rateLimit(name),
        points,
        duration: durationSeconds,
        // Redis failing under a command (before the link knows it is down): count this one locally.
        insuranceLimiter: local,
        rejectIfRedisNotReady: true,
      });
    limiters.set(name, { shared, local, points, durationSeconds });
  }
  return new LimiterCounters(limiters, redis?.link);
}

class LimiterCounters implements RateCounters {
  constructor(
    private readonly limiters: Map<RateLimitName, Limiter>,
    private readonly link?: CacheGate,
  ) {}

  async consume(limit: RateLimitName, key: string): Promise<number> {
    try {
      await this.of(limit).limiter.consume(key);
      return 0;
    } catch (rejection) {
      // rate-limiter-flexible rejects with a RateLimiterRes when the limit is reached.
      if (rejection instanceof RateLimiterRes) return wholeSeconds(rejection.msBeforeNext);
      throw rejection;
    }
  }

  async giveBack(limit: RateLimitName, key: string): Promise<void> {
    await this.of(limit).limiter.reward(key, 1);
  }

  async waitFor(limit: RateLimitName, key: string): Promise<number> {
    const { limiter, points } = this.of(limit);
    const state = await limiter.get(key);
    return state && state.consumedPoints >= points ? wholeSeconds(state.msBeforeNext) : 0;
  }

  async remember(limit: RateLimitName, key: string): Promise<void> {
    const { limiter, durationSeconds } = this.of(limit);
    await limiter.set(key, 1, durationSeconds);
  }

  async remembers(limit: RateLimitName, key: string): Promise<boolean> {
    const state = await this.of(limit).limiter.get(key);
    return state !== null && state.consumedPoints > 0;
  }

  private of(limit: RateLimitName): { limiter: RateLimiterAbstract; points: number; durationSeconds: number } {
    const entry = this.limiters.get(limit);
    if (!entry) throw new TypeError(`No rate limit named ${limit} is configured.`);
    const limiter = entry.shared && this.link?.state !== 'down' ? entry.shared : entry.local;
    return { limiter, points: entry.points, durationSeconds: entry.durationSeconds };
  }
}

/** At least one second: a client told 0 would retry at once. */
function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
