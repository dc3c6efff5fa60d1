/**
 * Home-timeline settings
 *
 * How much of each home timeline is cached and for how long, and who counts as a celebrity
 * (merged at read time instead of fanned out). The cache lives in the Redis of src/config/redis-config.ts.
 */
import { z } from 'zod';

import { positiveInt } from './environment-values';
import type { RedisConfig } from './redis-config';

export interface TimelineConfig extends RedisConfig {
  /** Tweets kept per cached home timeline. */
  length: number;
  /** Unread cached timelines expire after this long and are rebuilt on demand. */
  ttlSeconds: number;
  /** Authors with more followers than this are merged at read time instead of fanned out. */
  celebrityThreshold: number;
}

export const timelineVariables = z.object({
  TIMELINE_LENGTH: positiveInt.default(800),
  TIMELINE_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  CELEBRITY_THRESHOLD: z.coerce.number().int().min(0).default(10_000),
});

export function timelineConfig(env: z.infer<typeof timelineVariables>, redis: RedisConfig): TimelineConfig {
  return {
    ...redis,
    length: env.TIMELINE_LENGTH,
    ttlSeconds: env.TIMELINE_TTL_SECONDS,
    celebrityThreshold: env.CELEBRITY_THRESHOLD,
  };
}
