/**
 * Both feed store implementations, for suites that must hold for each: the in-process one and the
 * Redis one (on REDIS_URL, default the local 127.0.0.1:6379, and on the test run's Redis Cluster)
 * under a key prefix of its own.
 */
import type { FeedSettings, FeedStore } from '../../src/domain/timelines/feed-store';
import { MemoryFeedStore } from '../../src/store/feeds/memory-feed-store';
import { RedisFeedStore } from '../../src/store/feeds/redis-feed-store';
import { testRedisClusterScope, testRedisScope, type TestRedisScope } from './test-redis';

export interface FeedStoreFactory {
  name: string;
  create(settings: FeedSettings): FeedStore;
  /** Closes the stores' connections and deletes whatever they made (Redis keys under their prefix). */
  cleanUp(): Promise<void>;
}

export function memoryFeedStores(): FeedStoreFactory {
  return { name: 'memory', create: (settings) => new MemoryFeedStore(settings), cleanUp: async () => {} };
}

/** Redis feed stores on the scope's Redis (one server or the cluster), under its prefix; `name` says which. */
export function redisFeedStores(name: string, redis: TestRedisScope): FeedStoreFactory {
  return {
    name,
    create: (settings) => new RedisFeedStore(redis.connect(), settings, redis.layout),
    cleanUp: () => redis.cleanUp(),
  };
}

export const FEED_STORE_FACTORIES: (() => FeedStoreFactory)[] = [
  memoryFeedStores,
  () => redisFeedStores('redis', testRedisScope()),
  () => redisFeedStores('redis cluster', testRedisClusterScope()),
];
