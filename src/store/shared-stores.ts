/**
 * Shared stores
 *
 * What instances share besides Neo4j: the timeline feeds, the record cache and the live event bus.
 * In Redis when REDIS_URL is set (every instance sees the same), in process memory otherwise (one
 * instance). This module owns the Redis connection they share: it opens it and closes it once.
 */
import Redis from 'ioredis';

import type { TimelineConfig } from '../config';
import type { Logger } from '../logger';
import { MemoryRecordCache } from './cache/memory-record-cache';
import type { RecordCache } from './cache/record-cache';
import { RedisRecordCache } from './cache/redis-record-cache';
import type { EventBus } from './events/event-bus';
import { MemoryEventBus } from './events/memory-event-bus';
import { RedisEventBus } from './events/redis-event-bus';
import type { FeedStore } from './feeds/feed-store';
import { MemoryFeedStore } from './feeds/memory-feed-store';
import { RedisFeedStore } from './feeds/redis-feed-store';
import { RedisLayout } from './redis-layout';

/** Cached users and tweets live a day unless written again; versions keep them exact meanwhile. */
const RECORD_TTL_SECONDS = 24 * 3600;

export interface SharedStores {
  feeds: FeedStore;
  records: RecordCache;
  events: EventBus;
  /** The shared connection and its layout, for other Redis users; absent in memory mode. */
  redis?: { connection: Redis; layout: RedisLayout };
  close(): Promise<void>;
}

export function createSharedStores(config: TimelineConfig, logger: Logger): SharedStores {
  const settings = { capacity: config.length, ttlSeconds: config.ttlSeconds };
  if (!config.redisUrl) {
    const feeds = new MemoryFeedStore(settings);
    const records = new MemoryRecordCache(RECORD_TTL_SECONDS);
    const events = new MemoryEventBus(logger);
    const close = async () => {
      await Promise.all([feeds.close(), records.close(), events.close()]);
    };
    return { feeds, records, events, close };
  }
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  connection.on('error', (error: unknown) => logger.warn({ err: error }, 'Redis connection error'));
  const layout = new RedisLayout(config.redisKeyPrefix);
  const events = new RedisEventBus(connection, layout, logger);
  return {
    feeds: new RedisFeedStore(connection, settings, layout),
    records: new RedisRecordCache(connection, layout, RECORD_TTL_SECONDS),
    events,
    redis: { connection, layout },
    async close() {
      await events.close();
      // QUIT waits for pending replies; a connection that never came up is just dropped.
      if (connection.status === 'ready') await connection.quit();
      else connection.disconnect();
    },
  };
}
