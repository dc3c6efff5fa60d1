/**
 * Chooses the feed store: Redis when REDIS_URL is set (shared by every instance), process memory
 * otherwise (one instance).
 */
import Redis from 'ioredis';

import type { TimelineConfig } from '../../config';
import type { FeedStore } from './feed-store';
import { MemoryFeedStore } from './memory-feed-store';
import { RedisFeedStore } from './redis-feed-store';

export function createFeedStore(config: TimelineConfig): FeedStore {
  const settings = { capacity: config.length, ttlSeconds: config.ttlSeconds };
  if (!config.redisUrl) return new MemoryFeedStore(settings);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  return new RedisFeedStore(redis, settings, config.redisKeyPrefix);
}
