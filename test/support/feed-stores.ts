/**
 * Both feed store implementations, for suites that must hold for each: the in-process one and the
 * Redis one (on REDIS_URL, default the local 127.0.0.1:6379) under a key prefix of its own.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

import type { FeedSettings, FeedStore } from '../../src/store/feeds/feed-store';
import { MemoryFeedStore } from '../../src/store/feeds/memory-feed-store';
import { RedisFeedStore } from '../../src/store/feeds/redis-feed-store';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface FeedStoreFactory {
  name: string;
  create(settings: FeedSettings): FeedStore;
  /** Deletes whatever the stores made (Redis keys under their prefix). */
  cleanUp(): Promise<void>;
}

export function memoryFeedStores(): FeedStoreFactory {
  return { name: 'memory', create: (settings) => new MemoryFeedStore(settings), cleanUp: async () => {} };
}

export function redisFeedStores(): FeedStoreFactory {
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  return {
    name: 'redis',
    create: (settings) => new RedisFeedStore(new Redis(TEST_REDIS_URL), settings, prefix),
    async cleanUp() {
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

export const FEED_STORE_FACTORIES = [memoryFeedStores, redisFeedStores];
