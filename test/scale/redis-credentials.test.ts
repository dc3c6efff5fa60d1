/**
 * A Redis Cluster's nodes all take REDIS_USERNAME and REDIS_PASSWORD: the seed nodes and the ones
 * the client discovers from them, which share the cluster's ACL.
 */
import type { Cluster } from 'ioredis';

import { loadConfig } from '../../src/config';
import { connectRedis } from '../../src/store/redis-connection';
import { redisTarget } from '../../src/store/shared-stores';

it('connects to every node of a cluster as REDIS_USERNAME with REDIS_PASSWORD', () => {
  const config = loadConfig({ NODE_ENV: 'test', REDIS_CLUSTER_NODES: '127.0.0.1:1,127.0.0.1:2', REDIS_USERNAME: 'chirp', REDIS_PASSWORD: 'secret' });
  const target = redisTarget(config.timelines);
  if (!target) throw new Error('REDIS_CLUSTER_NODES names no Redis.');
  const cluster = connectRedis(target, { lazyConnect: true }) as Cluster;
  cluster.disconnect();
  expect(cluster.options.redisOptions).toMatchObject({ username: 'chirp', password: 'secret' });
});
