/**
 * The Redis the tests use (REDIS_URL, default the local 127.0.0.1:6379): every suite keeps its keys
 * under a prefix of its own and deletes them when done.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

import { deleteKeysUnder, RedisLayout } from '../../src/store/redis-layout';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other suite uses. */
export function testKeyPrefix(): string {
  return `test:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (what a suite, a test server or a server process left). */
export async function deleteKeys(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await deleteKeysUnder(redis, prefix);
  } catch {
    // An unreachable Redis (the test of one) holds nothing to delete.
  } finally {
    redis.disconnect();
  }
}

/**
 * Redis for one suite, as a server instance has it: connections like the server's shared one, a
 * layout under a prefix of the suite's own, and a clean-up that closes the connections and
 * deletes the keys.
 */
export function testRedisScope() {
  const prefix = testKeyPrefix();
  const connections: Redis[] = [];
  return {
    layout: new RedisLayout(prefix),
    connect(): Redis {
      const connection = new Redis(TEST_REDIS_URL, { enableAutoPipelining: true });
      connections.push(connection);
      return connection;
    },
    async cleanUp(): Promise<void> {
      await Promise.all(connections.splice(0).map((connection) => connection.quit()));
      await deleteKeys(prefix);
    },
  };
}
