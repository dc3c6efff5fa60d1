/**
 * Server settings
 *
 * The variables of the API process itself: where it listens, what it logs, what it tells clients
 * (error details, introspection), whom it trusts (CORS origins, proxies) and how many processes share
 * its port.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';

import { ConfigError } from './config-error';
import { flag, flagOnByDefault, portNumber, positiveInt } from './environment-values';

export type Environment = 'development' | 'production' | 'test';

export const serverVariables = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: portNumber.default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EXPOSE_ERROR_DETAILS: flag,
  INTROSPECTION: flagOnByDefault,
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value): boolean | number | string => (value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value)),
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
  WEB_CONCURRENCY: positiveInt.optional(),
});

export type ServerVariables = z.infer<typeof serverVariables>;

/** Error details would show clients stack traces and internal messages: never in production. */
export function refuseErrorDetailsInProduction(env: Pick<ServerVariables, 'NODE_ENV' | 'EXPOSE_ERROR_DETAILS'>): void {
  if (env.NODE_ENV === 'production' && env.EXPOSE_ERROR_DETAILS) {
    throw new ConfigError('EXPOSE_ERROR_DETAILS must not be set when NODE_ENV=production.');
  }
}

/**
 * API processes sharing the port: with a shared Redis one a core unless WEB_CONCURRENCY says,
 * since nothing a request needs lives in process memory; without it always 1.
 */
export function apiWorkers(webConcurrency: number | undefined, sharesRedis: boolean): number {
  if (!sharesRedis && webConcurrency !== undefined && webConcurrency > 1) {
    throw new ConfigError('WEB_CONCURRENCY above 1 needs REDIS_URL or REDIS_CLUSTER_NODES: without Redis the caches and live feeds live in one process.');
  }
  return sharesRedis ? (webConcurrency ?? availableParallelism()) : 1;
}
