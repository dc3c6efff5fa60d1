/**
 * Listpack limit
 *
 * A feed is compact (a listpack, about 20 bytes an entry, see redis-layout.ts) only while it holds
 * at most Redis's `zset-max-listpack-entries` members (128 by default); past that Redis turns it into
 * a skiplist, about six times the memory, and never back. A feed holds up to TIMELINE_LENGTH
 * members, and one more for the moment a push takes before trimming, so the limit must be above the
 * timeline length (1024 for the default 800). Too low a limit costs memory, not correctness: it is
 * checked once at start-up and warned about.
 */
import type { Redis } from 'ioredis';

export const LISTPACK_LIMIT_SETTING = 'zset-max-listpack-entries';

/** The limit Chirp's Redis is started with (docker-compose.yml, `.ci/run`, the tests' servers): the default timeline length and room above it. */
export const RECOMMENDED_LISTPACK_LIMIT = 1024;

/**
 * The warning to log when Redis's limit would store full feeds as skiplists; null when the limit is
 * high enough, or when Redis will not say (a managed Redis may refuse CONFIG).
 */
export async function listpackLimitWarning(redis: Pick<Redis, 'config'>, timelineLength: number): Promise<string | null> {
  let reply: unknown;
  try {
    reply = await redis.config('GET', LISTPACK_LIMIT_SETTING);
  } catch {
    return null;
  }
  // CONFIG GET answers [name, value], or [] for a setting this Redis does not have.
  const limit = Array.isArray(reply) ? Number(reply[1]) : NaN;
  if (!Number.isInteger(limit) || limit > timelineLength) return null;
  return (
    `Redis's ${LISTPACK_LIMIT_SETTING} is ${limit}, not above TIMELINE_LENGTH (${timelineLength}): full home timelines take about six times ` +
    `the memory they need. Set it to at least ${timelineLength + 1} (for example CONFIG SET ${LISTPACK_LIMIT_SETTING} ${Math.max(RECOMMENDED_LISTPACK_LIMIT, timelineLength + 1)}).`
  );
}
