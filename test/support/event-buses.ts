/**
 * Both event bus implementations, for suites that must hold for each: the in-process one and the
 * Redis one (on REDIS_URL, default the local 127.0.0.1:6379) under a channel prefix of its own.
 */
import Redis from 'ioredis';

import { createLogger } from '../../src/logger';
import type { EventBus } from '../../src/store/events/event-bus';
import { MemoryEventBus } from '../../src/store/events/memory-event-bus';
import { RedisEventBus } from '../../src/store/events/redis-event-bus';
import { TEST_REDIS_URL, testKeyPrefix } from './test-redis';

export interface EventBusFactory {
  name: string;
  /** Buses that talk to each other, as two instances of the server would (one bus for memory). */
  create(): EventBus;
}

const logger = createLogger('silent');

export function memoryEventBuses(): EventBusFactory {
  const bus = new MemoryEventBus(logger);
  return { name: 'memory', create: () => bus };
}

export function redisEventBuses(): EventBusFactory {
  const prefix = `${testKeyPrefix()}live:`;
  return { name: 'redis', create: () => new RedisEventBus(new Redis(TEST_REDIS_URL), prefix, logger) };
}

export const EVENT_BUS_FACTORIES = [memoryEventBuses, redisEventBuses];
