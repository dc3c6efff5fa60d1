/**
 * The Redis a benchmark uses: the configured one, one Redis (REDIS_URL) or a Redis Cluster
 * (REDIS_CLUSTER_NODES), reached through the server's own connection module, so that a benchmark
 * runs against whatever the server would. (Its keys are deleted with src/store/redis-layout.ts's deleteKeysAt.)
 */
import type { TimelineConfig } from '../../src/config';
import { connectRedis, isCluster, keyHolders, type RedisClient, type RedisTarget } from '../../src/store/redis-connection';
import { redisTarget } from '../../src/store/shared-stores';

/** Where a benchmark looks for Redis when none is configured. */
export const LOCAL_REDIS: RedisTarget = { url: 'redis://127.0.0.1:6379' };

/** The configured Redis, or the local one. */
export function benchRedisTarget(config: Pick<TimelineConfig, 'redisUrl' | 'redisClusterNodes'>): RedisTarget {
  return redisTarget(config) ?? LOCAL_REDIS;
}

/** The variables that point a server process at `target`: REDIS_URL or REDIS_CLUSTER_NODES. */
export function redisEnvironment(target: RedisTarget): { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string } {
  if ('url' in target) return { REDIS_URL: target.url };
  return { REDIS_CLUSTER_NODES: target.clusterNodes.map(({ host, port }) => `${host}:${port}`).join(',') };
}

/** A connection to `target` if it answers, or undefined (the benchmark then runs without Redis). */
export async function reachableRedis(target: RedisTarget): Promise<RedisClient | undefined> {
  const redis = connectRedis(target, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Not reaching it is an answer, given below; its connection errors are expected meanwhile.
  redis.on('error', () => {});
  try {
    await redis.ping();
    return redis;
  } catch {
    redis.disconnect();
    return undefined;
  }
}

/** Commands run since start-up by every client of the Redis (on a cluster, summed over its masters). */
export async function commandsProcessed(redis: RedisClient): Promise<number> {
  let total = 0;
  for (const node of await keyHolders(redis)) total += Number(/total_commands_processed:(\d+)/.exec(await node.info('stats'))?.[1] ?? 0);
  return total;
}

/**
 * The redis-server's process id, for its CPU and memory; undefined on a cluster, whose work is
 * spread over several processes that one figure would misreport.
 */
export async function redisServerPid(redis: RedisClient): Promise<number | undefined> {
  if (isCluster(redis)) return undefined;
  return Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
}
