/**
 * Rate-limit settings
 *
 * What one user or address may do in a while, each as `<count>/<duration>`
 * (see src/domain/limits/rate-limits.ts), and the switch that turns counting off.
 */
import { z } from 'zod';

export interface RateLimitConfig {
  points: number;
  durationSeconds: number;
}

/** What one user or address may do in a while (see src/domain/limits/rate-limits.ts). */
export interface RateLimitsConfig {
  /** RATE_LIMITS=off: nothing is counted (benchmarks, load tests from one address). */
  enabled: boolean;
  limits: {
    tweets: RateLimitConfig;
    favorites: RateLimitConfig;
    follows: RateLimitConfig;
    accountChanges: RateLimitConfig;
    signedInOperations: RateLimitConfig;
    failedPasswordChecks: RateLimitConfig;
    logIns: RateLimitConfig;
    failedLogInsPerHandleAndAddress: RateLimitConfig;
    failedLogInsPerHandle: RateLimitConfig;
    failedLogInsPerAddress: RateLimitConfig;
    signUpsPerAddress: RateLimitConfig;
    anonymousReadsPerAddress: RateLimitConfig;
    knownLogInAddresses: RateLimitConfig;
  };
}

/**
 * How long an address a handle logged in from keeps its exemption from the handle's slowdown: three
 * weeks (the in-process counters' timers cannot go past 24.8 days).
 */
const KNOWN_LOG_IN_ADDRESSES: RateLimitConfig = { points: 1, durationSeconds: 21 * 86_400 };

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A rate limit as `<count>/<duration>`: `300/1h`, `10/15m`, `400/1d`, `5/30s`. */
const rateLimit = (fallback: string) =>
  z
    .string()
    .regex(/^\d+\/\d+[smhd]$/, 'must be <count>/<duration> such as 300/1h, 10/15m or 400/1d.')
    .default(fallback)
    .transform((value): RateLimitConfig => {
      // The regex above has already matched: the groups are there.
      const [, count = '0', amount = '0', unit = 's'] = /^(\d+)\/(\d+)([smhd])$/.exec(value) ?? [];
      return { points: Number(count), durationSeconds: Number(amount) * SECONDS_PER_UNIT[unit as keyof typeof SECONDS_PER_UNIT] };
    })
    .refine((limit) => limit.points > 0 && limit.durationSeconds > 0, 'must count at least 1 in at least 1 second.');

export const rateLimitVariables = z.object({
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  RATE_LIMIT_TWEETS: rateLimit('300/1h'),
  RATE_LIMIT_FAVORITES: rateLimit('1000/1h'),
  RATE_LIMIT_FOLLOWS: rateLimit('400/1d'),
  RATE_LIMIT_ACCOUNT_CHANGES: rateLimit('30/1h'),
  RATE_LIMIT_SIGNED_IN_OPERATIONS: rateLimit('1200/1m'),
  RATE_LIMIT_FAILED_PASSWORD_CHECKS: rateLimit('10/15m'),
  RATE_LIMIT_LOGINS: rateLimit('30/1h'),
  RATE_LIMIT_FAILED_LOGINS_PER_HANDLE_AND_ADDRESS: rateLimit('10/15m'),
  RATE_LIMIT_FAILED_LOGINS_PER_HANDLE: rateLimit('30/15m'),
  RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS: rateLimit('50/15m'),
  RATE_LIMIT_SIGNUPS_PER_ADDRESS: rateLimit('20/1h'),
  RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS: rateLimit('600/1m'),
});

export function rateLimitsConfig(env: z.infer<typeof rateLimitVariables>): RateLimitsConfig {
  return {
    enabled: env.RATE_LIMITS === 'on',
    limits: {
      tweets: env.RATE_LIMIT_TWEETS,
      favorites: env.RATE_LIMIT_FAVORITES,
      follows: env.RATE_LIMIT_FOLLOWS,
      accountChanges: env.RATE_LIMIT_ACCOUNT_CHANGES,
      signedInOperations: env.RATE_LIMIT_SIGNED_IN_OPERATIONS,
      failedPasswordChecks: env.RATE_LIMIT_FAILED_PASSWORD_CHECKS,
      logIns: env.RATE_LIMIT_LOGINS,
      failedLogInsPerHandleAndAddress: env.RATE_LIMIT_FAILED_LOGINS_PER_HANDLE_AND_ADDRESS,
      failedLogInsPerHandle: env.RATE_LIMIT_FAILED_LOGINS_PER_HANDLE,
      failedLogInsPerAddress: env.RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS,
      signUpsPerAddress: env.RATE_LIMIT_SIGNUPS_PER_ADDRESS,
      anonymousReadsPerAddress: env.RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS,
      knownLogInAddresses: KNOWN_LOG_IN_ADDRESSES,
    },
  };
}
