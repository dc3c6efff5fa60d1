/**
 * Both event bus implementations, for suites that must hold for each: the in-process one and the
 * Redis one (on REDIS_URL, default the local 127.0.0.1:6379, and on the test run's Redis Cluster)
 * under a prefix of its own.
 */
import { createLogger } from '../../src/logger';
import type { EventBus } from '../../src/domain/live/event-bus';
import { MemoryEventBus } from '../../src/store/events/memory-event-bus';
import { RedisEventBus } from '../../src/store/events/redis-event-bus';
import { testRedisClusterScope, testRedisScope, type TestRedisScope } from './test-redis';

export interface EventBusFactory {
  name: string;
  /** Buses that talk to each other, as two instances of the server would (one bus for memory). */
  create(): EventBus;
  /** Closes the buses' shared connections and deletes what they left. */
  cleanUp(): Promise<void>;
}

const logger = createLogger('silent');

export function memoryEventBuses(): EventBusFactory {
  const bus = new MemoryEventBus(logger);
  return { name: 'memory', create: () => bus, cleanUp: async () => {} };
}

/** Redis event buses on the scope's Redis (one server or the cluster), under its prefix; `name` says which. */
export function redisEventBuses(name: string, redis: TestRedisScope): EventBusFactory {
  return { name, create: () => new RedisEventBus(redis.connect(), redis.layout, logger), cleanUp: () => redis.cleanUp() };
}

export const EVENT_BUS_FACTORIES: (() => EventBusFactory)[] = [
  memoryEventBuses,
  () => redisEventBuses('redis', testRedisScope()),
  () => redisEventBuses('redis cluster', testRedisClusterScope()),
];
