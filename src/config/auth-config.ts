/**
 * Sign-in settings
 *
 * The key that signs session tokens and how long a token lasts. Production brings its own
 * (JWT_SECRET). Without one, no key is taken from the repository, since anyone can read that and
 * sign a token for any user: `npm start` makes a random key on its first start and keeps it beside
 * the local Neo4j's store (local-jwt-secret.ts), so sessions survive restarts and every worker of
 * one start signs alike; `loadConfig` alone (tests, scripts) makes a random key for the process,
 * kept in memory, so that building a config writes no file and two test runs never share a key.
 * A published key (the repository's former development key) is refused in production and wherever
 * HOST is reachable from another machine.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

import { ConfigError } from './config-error';
import { positiveInt } from './environment-values';
import { type Environment, isLoopbackHost } from './server-config';

/** Keys that have been published (the repository's former development key): they sign nothing reachable from another machine. */
export const PUBLISHED_JWT_SECRETS: readonly string[] = ['development-only-secret-do-not-use-in-production'];

/** Random bytes of a generated key: 256 bits, as HS256's own hash. */
export const GENERATED_SECRET_BYTES = 32;

export const authVariables = z.object({
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters.').optional(),
  JWT_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
});

/** JWT_SECRET, or outside production a random key of this process's own. */
export function jwtSecret(environment: Environment, secret: string | undefined, host: string): string {
  if (environment === 'production' && !secret) {
    throw new ConfigError('JWT_SECRET must be set when NODE_ENV=production (at least 32 random characters).');
  }
  if (secret !== undefined && PUBLISHED_JWT_SECRETS.includes(secret) && (environment === 'production' || !isLoopbackHost(host))) {
    throw new ConfigError(
      `JWT_SECRET must not be a published key when NODE_ENV=production or HOST (${host}) is not a loopback address: anyone could sign a token for any user.`,
    );
  }
  return secret ?? generatedSecret();
}

export function generatedSecret(): string {
  return randomBytes(GENERATED_SECRET_BYTES).toString('base64url');
}
