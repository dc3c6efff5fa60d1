/**
 * Caches
 *
 * What sits in front of Neo4j: the timeline feeds and the record cache. In Redis when REDIS_URL is
 * set (shared by every instance, one connection), in process memory otherwise (one instance).
 */
import Redis from 'ioredis';

import type { TimelineConfig } from '../config';
import { MemoryRecordCache } from './cache/memory-record-cache';
import type { RecordCache } from './cache/record-cache';
import { RedisRecordCache } from './cache/redis-record-cache';
import type { FeedStore } from './feeds/feed-store';
import { MemoryFeedStore } from './feeds/memory-feed-store';
import { RedisFeedStore } from './feeds/redis-feed-store';

/** Cached users and tweets live a day unless written again; versions keep them exact meanwhile. */
const RECORD_TTL_SECONDS = 24 * 3600;

export interface Caches {
  feeds: FeedStore;
  records: RecordCache;
  close(): Promise<void>;
}

export function createCaches(config: TimelineConfig): Caches {
  const settings = { capacity: config.length, ttlSeconds: config.ttlSeconds };
  if (!config.redisUrl) {
    const feeds = new MemoryFeedStore(settings);
    const records = new MemoryRecordCache(RECORD_TTL_SECONDS);
    return { feeds, records, close: async () => void (await Promise.all([feeds.close(), records.close()])) };
  }
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const feeds = new RedisFeedStore(redis, settings, config.redisKeyPrefix);
  return { feeds, records: new RedisRecordCache(redis, config.redisKeyPrefix, RECORD_TTL_SECONDS), close: () => feeds.close() };
}
