/**
 * Closing a Redis connection never fails, whatever state its Redis is in: a shutdown must not stop
 * half-way because a node died (a cluster failover's old master, a Redis restarted meanwhile).
 */
import { Redis } from 'ioredis';

import { closeRedis } from '../../src/store/redis-connection';
import { startRedisProcess, type RedisProcess } from '../support/redis-process';

let redis: RedisProcess;
beforeAll(async () => (redis = await startRedisProcess()));
afterAll(() => redis.dispose());

it('closes a connection whose QUIT is cut off by its Redis dying', async () => {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  connection.on('error', () => {});
  await connection.ping();
  redis.pause(); // QUIT is sent and waits for a reply that never comes
  const quitting = closeRedis(connection);
  await redis.stop();
  await expect(quitting).resolves.toBeUndefined();
  expect(connection.status).toBe('end');
  await redis.restart();
});

it('drops a connection that never came up', async () => {
  await redis.stop();
  const connection = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  connection.on('error', () => {});
  await expect(closeRedis(connection)).resolves.toBeUndefined();
  expect(connection.status).toBe('end');
  await redis.restart();
});
