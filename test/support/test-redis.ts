/**
 * The Redis the tests use (REDIS_URL, default the local 127.0.0.1:6379): every suite keeps its keys
 * under a prefix of its own and deletes them when done.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other suite uses. */
export function testKeyPrefix(): string {
  return `test:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (what a suite, a test server or a server process left). */
export async function deleteKeys(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1_000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } catch {
    // An unreachable Redis (the test of one) holds nothing to delete.
  } finally {
    redis.disconnect();
  }
}
