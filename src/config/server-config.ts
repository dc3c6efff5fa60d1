/**
 * Server settings
 *
 * The variables of the API process itself: where it listens, what it logs, what it tells clients
 * (error details, introspection), whom it trusts (CORS origins, proxies) and how many processes share
 * its port.
 *
 * It listens on the loopback (127.0.0.1) unless HOST says otherwise: a development server signs
 * with a secret of its own checkout and answers introspection, which is for the machine's own user,
 * not for whoever can reach the machine. A container says `HOST=0.0.0.0` itself (Dockerfile), since
 * there the load balancer reaches it from another address. Introspection and GraphiQL are on in
 * development and test and off in production unless INTROSPECTION says so.
 */
import { BlockList, isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

import { ConfigError } from './config-error';
import { flag, optionalFlag, portNumber, positiveInt } from './environment-values';

export type Environment = 'development' | 'production' | 'test';

export const serverVariables = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: portNumber.default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EXPOSE_ERROR_DETAILS: flag,
  INTROSPECTION: optionalFlag,
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

/** INTROSPECTION, or on outside production: a production schema is read from the repository, not asked for. */
export function introspection(env: Pick<ServerVariables, 'NODE_ENV' | 'INTROSPECTION'>): boolean {
  return env.INTROSPECTION ?? env.NODE_ENV !== 'production';
}

/**
 * TRUST_PROXY as Express takes it, less `true` (or a subnet of every address): trusting every hop
 * believes the leftmost X-Forwarded-For, which the client writes, so each per-address limit would
 * count whatever address the client chose.
 */
export function trustedProxies(trustProxy: ServerVariables['TRUST_PROXY']): boolean | number | string {
  const everyAddress = typeof trustProxy === 'string' && trustProxy.split(',').some((entry) => /\/0$/.test(entry.trim()));
  if (trustProxy === true || everyAddress) {
    throw new ConfigError(
      'TRUST_PROXY must not trust every address: the client writes the leftmost X-Forwarded-For. Give the number of proxies in front (TRUST_PROXY=1) or their addresses (TRUST_PROXY=loopback, 10.0.0.0/8).',
    );
  }
  return trustProxy;
}

/** Whether HOST is a loopback interface, which only the machine itself reaches. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  return family === 4 ? LOOPBACK.check(bare, 'ipv4') : family === 6 && LOOPBACK.check(bare, 'ipv6');
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

const LOOPBACK = loopbackAddresses();

function loopbackAddresses(): BlockList {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  list.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
  return list;
}
