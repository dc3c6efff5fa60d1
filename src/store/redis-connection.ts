/**
 * Redis connection
 *
 * One Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES): the stores take either as a
 * `RedisClient` and send the same commands, since every key names its slot (redis-layout.ts) and
 * every script touches one slot's keys. Where a command would span slots (a fan-out's batch of
 * feeds, a page's MGET of records), the store groups its keys with `groupBySlot` first.
 */
import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

import type { RedisNode } from '../config';

export type RedisClient = Redis | Cluster;

/** Where Redis is: one server's URL, or a cluster's seed nodes. */
export type RedisTarget = { url: string } | { clusterNodes: readonly RedisNode[] };

/**
 * Connects to the target. `options` are each connection's (for a cluster, every node's);
 * `enableAutoPipelining` and `enableOfflineQueue` apply to the client as a whole.
 */
export function connectRedis(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  if ('url' in target) return new Redis(target.url, options);
  const { enableAutoPipelining, enableOfflineQueue, retryStrategy, readOnly: _readOnly, ...nodeOptions } = options;
  const clusterOptions: ClusterOptions = {
    enableAutoPipelining,
    enableOfflineQueue,
    // Every node, the discovered ones too, takes the seed nodes' credentials (REDIS_USERNAME, REDIS_PASSWORD).
    redisOptions: { ...nodeOptions, username: target.clusterNodes[0]?.username, password: target.clusterNodes[0]?.password },
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) ?? null } : {}),
    // A node that closes (a restart, a failover's old master) is connected to again, as one Redis would be.
    ...(retryStrategy ? { clusterNodeRetryStrategy: (times: number) => retryStrategy(times) ?? null } : {}),
  };
  return new Cluster(
    target.clusterNodes.map(({ host, port }) => ({ host, port })),
    clusterOptions,
  );
}

/** A second connection to the same Redis or cluster where, unlike the shared one, a command sent before it is up waits for it. */
export function queueingConnection(redis: RedisClient): RedisClient {
  return isCluster(redis) ? redis.duplicate(undefined, { enableOfflineQueue: true }) : redis.duplicate({ enableOfflineQueue: true });
}

/** Like `queueingConnection`, for a subscriber (on a cluster, with a sharded subscriber per master for SSUBSCRIBE). */
export function subscriberConnection(redis: RedisClient): RedisClient {
  return isCluster(redis) ? redis.duplicate(undefined, { enableOfflineQueue: true, shardedSubscribers: true }) : redis.duplicate({ enableOfflineQueue: true });
}

/**
 * Closes a connection: QUIT waits for pending replies, a connection that never came up is just
 * dropped, and so is one whose QUIT fails (a cluster node that died, its replies flushed): closing
 * is not the moment to report Redis's state.
 */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

export function isCluster(redis: RedisClient): redis is Cluster {
  return redis instanceof Cluster;
}

/** The hash slot a key maps to on a Redis Cluster (its hash tag's, when it has one). */
export function slotOf(key: string): number {
  return calculateSlot(key);
}

/**
 * Items grouped so that each group's keys share one slot on a cluster (in the items' order within
 * a group); on one Redis, one group of all of them.
 */
export function groupBySlot<Item>(redis: RedisClient, items: readonly Item[], keyOf: (item: Item) => string): Item[][] {
  if (!isCluster(redis)) return items.length === 0 ? [] : [[...items]];
  const groups = new Map<number, Item[]>();
  for (const item of items) {
    const slot = slotOf(keyOf(item));
    const group = groups.get(slot);
    if (group) group.push(item);
    else groups.set(slot, [item]);
  }
  return [...groups.values()];
}

/**
 * The servers that hold keys: the one Redis, or every master of a cluster (a SCAN sees one node's
 * keys), once the cluster client knows them.
 */
export async function keyHolders(redis: RedisClient): Promise<Redis[]> {
  if (!isCluster(redis)) return [redis];
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', resolve);
      redis.once('end', () => reject(new Error('The Redis Cluster connection ended before it was ready.')));
    });
  }
  return redis.nodes('master');
}
