/**
 * Redis settings
 *
 * The Redis that instances share (timelines, live events, rate limits): one Redis from REDIS_URL or
 * a Redis Cluster from REDIS_CLUSTER_NODES, never both; neither keeps everything in process memory.
 * Credentials: REDIS_URL carries its own (`redis://:password@host:6379`, or `user:password@` for an
 * ACL user); a cluster's nodes all take REDIS_USERNAME and REDIS_PASSWORD, since the client also
 * connects to the nodes it discovers, which share the cluster's ACL.
 */
import { z } from 'zod';

import { ConfigError } from './config-error';
import { positiveInt } from './environment-values';

/** One node of a Redis Cluster, from REDIS_CLUSTER_NODES (the client discovers the rest from it). */
export interface RedisNode {
  host: string;
  port: number;
  /** REDIS_USERNAME: an ACL user; unset, the `default` user. */
  username?: string;
  /** REDIS_PASSWORD. */
  password?: string;
}

export interface RedisConfig {
  /** One Redis; unset (and no cluster): timelines are cached in process memory (a single instance). */
  redisUrl: string | undefined;
  /** A Redis Cluster's seed nodes, instead of REDIS_URL. */
  redisClusterNodes: RedisNode[] | undefined;
  redisKeyPrefix: string;
  /** How long one Redis command may take before Redis counts as away and Neo4j answers instead. */
  redisCommandTimeoutMs: number;
}

export const redisVariables = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL.')
    .optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((value, context) => (value === undefined ? undefined : clusterNodes(value, context))),
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_KEY_PREFIX: z.string().default('chirp:'),
  REDIS_COMMAND_TIMEOUT_MS: positiveInt.default(1_000),
});

type RedisVariables = z.infer<typeof redisVariables>;

export function redisConfig(env: RedisVariables): RedisConfig {
  if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) {
    throw new ConfigError('Set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both.');
  }
  if ((env.REDIS_USERNAME ?? env.REDIS_PASSWORD) !== undefined && !env.REDIS_CLUSTER_NODES) {
    throw new ConfigError('REDIS_USERNAME and REDIS_PASSWORD are for REDIS_CLUSTER_NODES: REDIS_URL carries its own (redis://:password@host:6379).');
  }
  const credentials = { username: env.REDIS_USERNAME, password: env.REDIS_PASSWORD };
  return {
    redisUrl: env.REDIS_URL,
    redisClusterNodes: env.REDIS_CLUSTER_NODES?.map((node) => ({ ...node, ...definedOnly(credentials) })),
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    redisCommandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  };
}

/** Whether instances share a Redis (one or a cluster), rather than each keeping its own memory. */
export function sharesRedis(redis: Pick<RedisConfig, 'redisUrl' | 'redisClusterNodes'>): boolean {
  return Boolean(redis.redisUrl ?? redis.redisClusterNodes);
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** REDIS_CLUSTER_NODES: `host:port,host:port,…`, at least one. */
function clusterNodes(value: string, context: z.RefinementCtx): RedisNode[] {
  if (value.includes('@')) {
    // The message leaves the value out: it would carry a password into the log.
    context.addIssue({ code: 'custom', message: 'REDIS_CLUSTER_NODES must be host:port pairs: credentials go in REDIS_USERNAME and REDIS_PASSWORD.' });
    return [];
  }
  const nodes = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => /^(.+):(\d{1,5})$/.exec(entry));
  if (nodes.length === 0 || nodes.some((match) => match === null || Number(match[2]) > 65535)) {
    context.addIssue({ code: 'custom', message: 'REDIS_CLUSTER_NODES must be host:port pairs separated by commas.' });
    return [];
  }
  return nodes.map((match) => ({ host: match?.[1] ?? '', port: Number(match?.[2]) }));
}
