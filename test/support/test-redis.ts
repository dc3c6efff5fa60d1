/**
 * The Redis the tests use (REDIS_URL, default the local 127.0.0.1:6379): every suite keeps its keys
 * under a prefix of its own and deletes them when done.
 */
import { randomBytes } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';

import type { RedisClient, RedisTarget } from '../../src/store/redis-connection';
import { deleteKeysAt, deleteKeysUnder, RedisLayout } from '../../src/store/redis-layout';
import { required } from './required';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The test run's Redis Cluster (started by global-setup.ts), as `host:port,…`. */
export function testRedisClusterNodes(): string {
  return required(process.env.TEST_REDIS_CLUSTER_NODES, 'TEST_REDIS_CLUSTER_NODES (set by global-setup.ts)');
}

/** A key prefix no other suite uses. */
export function testKeyPrefix(): string {
  return `test:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (what a suite, a test server or a server process left). */
export async function deleteKeys(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  await deleteTestKeys({ url: redisUrl }, prefix);
}

/** Like `deleteKeys`, on one Redis or a cluster. */
export async function deleteTestKeys(target: RedisTarget, prefix: string): Promise<void> {
  // An unreachable Redis (the test of one) holds nothing to delete.
  await deleteKeysAt(target, prefix).catch(() => {});
}

/** Redis for one suite (`testRedisScope`, `testRedisClusterScope`), whichever Redis it is on. */
export interface TestRedisScope {
  layout: RedisLayout;
  connect(): RedisClient;
  cleanUp(): Promise<void>;
}

/**
 * Redis for one suite, as a server instance has it: connections like the server's shared one, a
 * layout under a prefix of the suite's own, and a clean-up that closes the connections and
 * deletes the keys.
 */
export function testRedisScope() {
  return redisScope(() => new Redis(TEST_REDIS_URL, { enableAutoPipelining: true }));
}

/** Like `testRedisScope`, on the test run's Redis Cluster. */
export function testRedisClusterScope() {
  const nodes = testRedisClusterNodes()
    .split(',')
    .map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) }));
  return redisScope(() => new Cluster(nodes, { enableAutoPipelining: true }));
}

function redisScope<Client extends RedisClient>(open: () => Client) {
  const prefix = testKeyPrefix();
  const connections: Client[] = [];
  return {
    layout: new RedisLayout(prefix),
    connect(): Client {
      const connection = open();
      connections.push(connection);
      return connection;
    },
    async cleanUp(): Promise<void> {
      await Promise.all(connections.splice(0).map((connection) => connection.quit()));
      const cleaner = open();
      try {
        await deleteKeysUnder(cleaner, prefix);
      } finally {
        await cleaner.quit();
      }
    },
  };
}
