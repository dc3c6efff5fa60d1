/**
 * Config
 *
 * Reads and validates the environment once, at startup. Everything else receives a `Config`
 * instead of reading `process.env`, so tests can build servers with their own settings.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** Development-only signing key, refused when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

const positiveInt = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** Like `flag`, but on unless set to false or 0. */
const flagOnByDefault = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value !== 'false' && value !== '0');

/** A rate limit as `<count>/<duration>`: `300/1h`, `10/15m`, `400/1d`, `5/30s`. */
const rateLimit = (fallback: string) =>
  z
    .string()
    .regex(/^\d+\/\d+[smhd]$/, 'must be <count>/<duration> such as 300/1h, 10/15m or 400/1d.')
    .default(fallback)
    .transform((value) => {
      // The regex above has already matched: the groups are there.
      const [, count = '0', amount = '0', unit = 's'] = /^(\d+)\/(\d+)([smhd])$/.exec(value) ?? [];
      return { points: Number(count), durationSeconds: Number(amount) * { s: 1, m: 60, h: 3600, d: 86_400 }[unit as 's' | 'm' | 'h' | 'd'] };
    })
    .refine((limit) => limit.points > 0 && limit.durationSeconds > 0, 'must count at least 1 in at least 1 second.');

/** REDIS_CLUSTER_NODES: `host:port,host:port,…`, at least one. */
function clusterNodes(value: string, context: z.RefinementCtx): { host: string; port: number }[] {
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

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EXPOSE_ERROR_DETAILS: flag,
  INTROSPECTION: flagOnByDefault,
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value): boolean | number | string => (value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value)),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  RATE_LIMIT_TWEETS: rateLimit('300/1h'),
  RATE_LIMIT_FAVORITES: rateLimit('1000/1h'),
  RATE_LIMIT_FOLLOWS: rateLimit('400/1d'),
  RATE_LIMIT_FAILED_LOGINS_PER_HANDLE: rateLimit('10/15m'),
  RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS: rateLimit('50/15m'),
  RATE_LIMIT_SIGNUPS_PER_ADDRESS: rateLimit('20/1h'),
  RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS: rateLimit('600/1m'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters.').optional(),
  JWT_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\//, 'NEO4J_URI must be a neo4j:// or bolt:// URI.')
    .optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_CONNECTION_TIMEOUT_MS: positiveInt.default(5_000),
  NEO4J_RETRY_MS: z.coerce.number().int().min(0).default(5_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL.')
    .optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((value, context) => (value === undefined ? undefined : clusterNodes(value, context))),
  REDIS_KEY_PREFIX: z.string().default('chirp:'),
  WEB_CONCURRENCY: positiveInt.optional(),
  REDIS_COMMAND_TIMEOUT_MS: positiveInt.default(1_000),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every((origin) => origin === '*' || /^https?:\/\/[^/\s]+$/.test(origin)),
      'CORS_ORIGINS must be origins such as https://app.example.com, separated by commas, or *.',
    ),
  TIMELINE_LENGTH: positiveInt.default(800),
  TIMELINE_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  CELEBRITY_THRESHOLD: z.coerce.number().int().min(0).default(10_000),
  LIVE_MAX_SUBSCRIPTIONS: positiveInt.default(100),
  LIVE_QUEUE_LIMIT: positiveInt.default(100),
  LIVE_KEEPALIVE_MS: positiveInt.default(12_000),
  QUERY_MAX_DEPTH: positiveInt.default(10),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(10),
  QUERY_MAX_TOKENS: positiveInt.default(1000),
  QUERY_MAX_COST: positiveInt.default(5000),
  QUERY_FIELD_COST: z.coerce.number().min(0).default(1),
  LOCAL_NEO4J_STORE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'LOCAL_NEO4J_STORE must be a folder name.')
    .default('dev'),
  LOCAL_NEO4J_BOLT_PORT: z.coerce.number().int().min(0).max(65535).default(7687),
  LOCAL_NEO4J_HEAP_MB: positiveInt.default(1024),
  LOCAL_NEO4J_PAGECACHE_MB: positiveInt.default(512),
});

export interface Neo4jConfig {
  /** Unset: the project starts its own local Neo4j (see src/store/local-neo4j). */
  uri: string | undefined;
  user: string;
  password: string;
  database: string;
  /** How long opening a connection may take before the request fails with SERVICE_UNAVAILABLE. */
  connectionTimeoutMs: number;
  /** How long transient failures (a restart, a leader change, a deadlock) are retried. */
  retryMs: number;
}

export interface LocalNeo4jConfig {
  /** Store folder under `.neo4j/data/`. */
  storeName: string;
  boltPort: number;
  heapMb: number;
  pageCacheMb: number;
}

/** One node of a Redis Cluster, from REDIS_CLUSTER_NODES (the client discovers the rest from it). */
export interface RedisNode {
  host: string;
  port: number;
}

export interface TimelineConfig {
  /** One Redis; unset (and no cluster): timelines are cached in process memory (a single instance). */
  redisUrl: string | undefined;
  /** A Redis Cluster's seed nodes, instead of REDIS_URL. */
  redisClusterNodes: RedisNode[] | undefined;
  redisKeyPrefix: string;
  /** How long one Redis command may take before Redis counts as away and Neo4j answers instead. */
  redisCommandTimeoutMs: number;
  /** Tweets kept per cached home timeline. */
  length: number;
  /** Unread cached timelines expire after this long and are rebuilt on demand. */
  ttlSeconds: number;
  /** Authors with more followers than this are merged at read time instead of fanned out. */
  celebrityThreshold: number;
}

export interface LiveConfig {
  /** Operations one WebSocket connection may run at once. */
  maxSubscriptions: number;
  /** Events a subscription may have waiting for a slow client before it is ended. */
  queueLimit: number;
  /** Ping interval; a client that has not answered one by the next is dropped. */
  keepAliveMs: number;
}

/** Operations refused before they run (QUERY_TOO_COMPLEX); see src/graphql/limits. */
export interface QueryLimitConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Estimated cost: each field costs `fieldCost`, and a paged list multiplies its selection by its `first` (src/graphql/limits/query-cost.ts). */
  maxCost: number;
  fieldCost: number;
}

export interface RateLimitConfig {
  points: number;
  durationSeconds: number;
}

/** What one user or address may do in a while (see src/domain/limits/rate-limits.ts). */
export interface RateLimitsConfig {
  /** RATE_LIMITS=off: nothing is counted (benchmarks, load tests from one address). */
  enabled: boolean;
  limits: {
    tweets: RateLimitConfig;
    favorites: RateLimitConfig;
    follows: RateLimitConfig;
    failedLogInsPerHandle: RateLimitConfig;
    failedLogInsPerAddress: RateLimitConfig;
    signUpsPerAddress: RateLimitConfig;
    anonymousReadsPerAddress: RateLimitConfig;
  };
}

/** `GET /metrics` in Prometheus's text format, on a port of its own (src/metrics). */
export interface MetricsConfig {
  /** Unset: no metrics endpoint (and nothing measured). 0: any free port (tests). */
  port: number | undefined;
  /** The interface it listens on: the loopback by default, so only the machine's own scraper reads it. */
  host: string;
}

export interface Config {
  environment: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: string;
  /** Stack traces and internal messages in error responses: development only. */
  exposeErrorDetails: boolean;
  /** Schema introspection (and GraphiQL, and "Did you mean …?" in errors). */
  introspection: boolean;
  /** Origins whose pages may call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe for the client address. */
  trustProxy: boolean | number | string;
  /**
   * API processes sharing the port (WEB_CONCURRENCY): with REDIS_URL one a core by default, since
   * nothing a request needs lives in process memory; without it always 1 (the caches are the process's).
   */
  workers: number;
  rateLimits: RateLimitsConfig;
  jwtSecret: string;
  jwtTtlSeconds: number;
  neo4j: Neo4jConfig;
  localNeo4j: LocalNeo4jConfig;
  timelines: TimelineConfig;
  live: LiveConfig;
  queryLimits: QueryLimitConfig;
  metrics: MetricsConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(environment));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET must be set when NODE_ENV=production (at least 32 random characters).');
  }
  if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET must not be the development secret when NODE_ENV=production.');
  }
  if (env.NODE_ENV === 'production' && env.EXPOSE_ERROR_DETAILS) {
    throw new ConfigError('EXPOSE_ERROR_DETAILS must not be set when NODE_ENV=production.');
  }
  if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) {
    throw new ConfigError('Set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both.');
  }
  const sharesRedis = Boolean(env.REDIS_URL ?? env.REDIS_CLUSTER_NODES);
  if (!sharesRedis && env.WEB_CONCURRENCY !== undefined && env.WEB_CONCURRENCY > 1) {
    throw new ConfigError('WEB_CONCURRENCY above 1 needs REDIS_URL or REDIS_CLUSTER_NODES: without Redis the caches and live feeds live in one process.');
  }
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    throw new ConfigError('METRICS_PORT must differ from PORT: the metrics are served apart from the public API.');
  }
  return {
    environment: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    exposeErrorDetails: env.EXPOSE_ERROR_DETAILS,
    introspection: env.INTROSPECTION,
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    workers: sharesRedis ? (env.WEB_CONCURRENCY ?? availableParallelism()) : 1,
    rateLimits: {
      enabled: env.RATE_LIMITS === 'on',
      limits: {
        tweets: env.RATE_LIMIT_TWEETS,
        favorites: env.RATE_LIMIT_FAVORITES,
        follows: env.RATE_LIMIT_FOLLOWS,
        failedLogInsPerHandle: env.RATE_LIMIT_FAILED_LOGINS_PER_HANDLE,
        failedLogInsPerAddress: env.RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS,
        signUpsPerAddress: env.RATE_LIMIT_SIGNUPS_PER_ADDRESS,
        anonymousReadsPerAddress: env.RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS,
      },
    },
    jwtSecret: env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    jwtTtlSeconds: env.JWT_TTL_SECONDS,
    neo4j: {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER,
      password: env.NEO4J_PASSWORD,
      database: env.NEO4J_DATABASE,
      connectionTimeoutMs: env.NEO4J_CONNECTION_TIMEOUT_MS,
      retryMs: env.NEO4J_RETRY_MS,
    },
    timelines: {
      redisUrl: env.REDIS_URL,
      redisClusterNodes: env.REDIS_CLUSTER_NODES,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      redisCommandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      length: env.TIMELINE_LENGTH,
      ttlSeconds: env.TIMELINE_TTL_SECONDS,
      celebrityThreshold: env.CELEBRITY_THRESHOLD,
    },
    live: {
      maxSubscriptions: env.LIVE_MAX_SUBSCRIPTIONS,
      queueLimit: env.LIVE_QUEUE_LIMIT,
      keepAliveMs: env.LIVE_KEEPALIVE_MS,
    },
    queryLimits: {
      maxDepth: env.QUERY_MAX_DEPTH,
      maxAliases: env.QUERY_MAX_ALIASES,
      maxDirectives: env.QUERY_MAX_DIRECTIVES,
      maxTokens: env.QUERY_MAX_TOKENS,
      maxCost: env.QUERY_MAX_COST,
      fieldCost: env.QUERY_FIELD_COST,
    },
    metrics: {
      port: env.METRICS_PORT,
      host: env.METRICS_HOST,
    },
    localNeo4j: {
      storeName: env.LOCAL_NEO4J_STORE,
      boltPort: env.LOCAL_NEO4J_BOLT_PORT,
      heapMb: env.LOCAL_NEO4J_HEAP_MB,
      pageCacheMb: env.LOCAL_NEO4J_PAGECACHE_MB,
    },
  };
}

/** `FOO=` in a shell or compose file means "not set", not "set to nothing". */
function withoutEmptyValues(environment: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined && value !== '') result[key] = value;
  }
  return result;
}
