/**
 * Config
 *
 * Reads and validates the environment once, at startup. Everything else receives a `Config`
 * instead of reading `process.env`, so tests can build servers with their own settings. Each group
 * of settings declares its variables and builds its part in a module of its own beside this one.
 */
import { z } from 'zod';

import { authVariables, jwtSecret } from './auth-config';
import { ConfigError } from './config-error';
import { type LiveConfig, liveConfig, liveVariables } from './live-config';
import { type LocalNeo4jConfig, localNeo4jConfig, localNeo4jVariables } from './local-neo4j-config';
import { type MetricsConfig, metricsConfig, metricsVariables } from './metrics-config';
import { type Neo4jConfig, neo4jConfig, neo4jVariables } from './neo4j-config';
import { type QueryLimitConfig, queryLimitConfig, queryLimitVariables } from './query-limits-config';
import { type RateLimitsConfig, rateLimitsConfig, rateLimitVariables } from './rate-limits-config';
import { redisConfig, redisVariables, sharesRedis } from './redis-config';
import { apiWorkers, type Environment, introspection, refuseErrorDetailsInProduction, serverVariables, trustedProxies } from './server-config';
import { type TimelineConfig, timelineConfig, timelineVariables } from './timelines-config';

export { PUBLISHED_JWT_SECRETS } from './auth-config';
export { ConfigError } from './config-error';
export { localJwtSecretFile, withLocalJwtSecret } from './local-jwt-secret';
export type { LiveConfig } from './live-config';
export type { LocalNeo4jConfig } from './local-neo4j-config';
export type { MetricsConfig } from './metrics-config';
export type { Neo4jConfig } from './neo4j-config';
export type { QueryLimitConfig } from './query-limits-config';
export type { RateLimitConfig, RateLimitsConfig } from './rate-limits-config';
export type { RedisConfig, RedisNode } from './redis-config';
export type { TimelineConfig } from './timelines-config';

// One schema, so that an invalid environment is reported in one message naming every variable.
const environmentSchema = z.object({
  ...serverVariables.shape,
  ...metricsVariables.shape,
  ...rateLimitVariables.shape,
  ...authVariables.shape,
  ...neo4jVariables.shape,
  ...redisVariables.shape,
  ...timelineVariables.shape,
  ...liveVariables.shape,
  ...queryLimitVariables.shape,
  ...localNeo4jVariables.shape,
});

export interface Config {
  environment: Environment;
  port: number;
  host: string;
  logLevel: string;
  /** Stack traces and internal messages in error responses: development only. */
  exposeErrorDetails: boolean;
  /** Schema introspection (and GraphiQL, and "Did you mean …?" in errors): INTROSPECTION, by default off in production. */
  introspection: boolean;
  /** Origins whose pages may call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** Express's `trust proxy`: which proxies' X-Forwarded-For to believe for the client address (never every one). */
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

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(environment));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  // Checks across variables, in this order, so that the first problem is the one reported.
  const secret = jwtSecret(env.NODE_ENV, env.JWT_SECRET, env.HOST);
  refuseErrorDetailsInProduction(env);
  const trustProxy = trustedProxies(env.TRUST_PROXY);
  const redis = redisConfig(env);
  const workers = apiWorkers(env.WEB_CONCURRENCY, sharesRedis(redis));
  const metrics = metricsConfig(env, env.PORT);
  return {
    environment: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    exposeErrorDetails: env.EXPOSE_ERROR_DETAILS,
    introspection: introspection(env),
    corsOrigins: env.CORS_ORIGINS,
    trustProxy,
    workers,
    rateLimits: rateLimitsConfig(env),
    jwtSecret: secret,
    jwtTtlSeconds: env.JWT_TTL_SECONDS,
    neo4j: neo4jConfig(env),
    timelines: timelineConfig(env, redis),
    live: liveConfig(env),
    queryLimits: queryLimitConfig(env),
    metrics,
    localNeo4j: localNeo4jConfig(env),
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
