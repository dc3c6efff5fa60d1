/**
 * The event bus for the configuration: Redis pub/sub when REDIS_URL is set (every instance hears
 * every other), process memory otherwise (one instance).
 */
import Redis from 'ioredis';

import type { TimelineConfig } from '../../config';
import type { Logger } from '../../logger';
import type { EventBus } from './event-bus';
import { MemoryEventBus } from './memory-event-bus';
import { RedisEventBus } from './redis-event-bus';

export function createEventBus(config: TimelineConfig, logger: Logger): EventBus {
  if (!config.redisUrl) return new MemoryEventBus(logger);
  return new RedisEventBus(new Redis(config.redisUrl, { maxRetriesPerRequest: 3 }), `${config.redisKeyPrefix}live:`, logger);
}
