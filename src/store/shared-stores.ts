/**
 * Shared stores
 *
 * What instances share besides Neo4j: the timeline feeds, the record cache and the live event bus.
 * In Redis when REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster) is set, so every
 * instance sees the same; in process memory otherwise (one instance). This module owns the Redis
 * connection they share: it opens it and closes it once.
 *
 * The connection fails fast rather than queueing: no offline queue, one try per command, each
 * bounded by REDIS_COMMAND_TIMEOUT_MS, so a request never waits on a Redis that is away; the caches
 * then step aside (RedisLink, redis-link.ts) and Neo4j answers, until Redis is back.
 */
import type { TimelineConfig } from '../config';
import type { Logger } from '../logger';
import { MemoryRecordCache } from './cache/memory-record-cache';
import type { RecordCache } from './cache/record-cache';
import { RedisRecordCache } from './cache/redis-record-cache';
import type { EventBus } from '../domain/live/event-bus';
import { MemoryEventBus } from './events/memory-event-bus';
import { RedisEventBus } from './events/redis-event-bus';
import type { FeedStore } from '../domain/timelines/feed-store';
import { listpackLimitWarning } from './feeds/listpack-limit';
import { MemoryFeedStore } from './feeds/memory-feed-store';
import { RedisFeedStore } from './feeds/redis-feed-store';
import { closeRedis, connectRedis, type RedisClient, type RedisTarget } from './redis-connection';
import { RedisLayout } from './redis-layout';
import { RedisLink } from './redis-link';

/** Cached users and tweets live a day unless written again; versions keep them exact meanwhile. */
const RECORD_TTL_SECONDS = 24 * 3600;

export interface SharedStores {
  feeds: FeedStore;
  records: RecordCache;
  events: EventBus;
  /** The shared connection, its layout and whether Redis can be reached, for other Redis users; absent in memory mode. */
  redis?: { connection: RedisClient; layout: RedisLayout; link: RedisLink };
  /** Resolves once the shared stores can be used (Redis answered; at once in memory), false if not within `timeoutMs`. */
  connected(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createSharedStores(config: TimelineConfig, logger: Logger): SharedStores {
  const settings = { capacity: config.length, ttlSeconds: config.ttlSeconds };
  const target = redisTarget(config);
  if (!target) {
    const feeds = new MemoryFeedStore(settings);
    const records = new MemoryRecordCache(RECORD_TTL_SECONDS);
    const events = new MemoryEventBus(logger);
    const close = async () => {
      await Promise.all([feeds.close(), records.close(), events.close()]);
    };
    return { feeds, records, events, connected: async () => true, close };
  }
  const commandTimeout = config.redisCommandTimeoutMs;
  const connection = connectRedis(target, {
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout,
    connectTimeout: Math.max(commandTimeout, 2_000),
    // Reconnect for ever, soon: readers are served from Neo4j meanwhile.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  connection.on('error', (error: unknown) => logger.debug({ err: error }, 'Redis connection error'));
  // Once, when Redis first answers: a limit too low for compact feeds costs memory, not correctness.
  connection.once('ready', () => {
    void listpackLimitWarning(connection, config.length).then((warning) => {
      if (warning) logger.warn(warning);
    });
  });
  // Keys are made when a command is sent, under the link's epoch of that moment.
  const layout: RedisLayout = new RedisLayout(config.redisKeyPrefix, (): number => link.epoch);
  // A poll, then a command sent just before it still in flight, and a margin: see RedisLink's warming.
  const epochPollMs = 1_000;
  const link = new RedisLink(connection, layout.cacheEpoch(), { probeIntervalMs: 500, epochPollMs, warmingMs: epochPollMs + 2 * commandTimeout + 500 }, logger);
  const events = new RedisEventBus(connection, layout, logger);
  return {
    feeds: new RedisFeedStore(connection, settings, layout, link),
    records: new RedisRecordCache(connection, layout, RECORD_TTL_SECONDS, link),
    events,
    redis: { connection, layout, link },
    connected: (timeoutMs) => link.connected(timeoutMs),
    async close() {
      link.close();
      await events.close();
      await closeRedis(connection);
    },
  };
}

/** The Redis the configuration names: one server, a cluster, or none (process memory). */
export function redisTarget(config: Pick<TimelineConfig, 'redisUrl' | 'redisClusterNodes'>): RedisTarget | undefined {
  if (config.redisUrl) return { url: config.redisUrl };
  if (config.redisClusterNodes) return { clusterNodes: config.redisClusterNodes };
  return undefined;
}
