/**
 * Sign-in settings
 *
 * The key that signs session tokens and how long a token lasts. Development gets a fixed key so
 * that it runs without setup; production must bring its own.
 */
import { z } from 'zod';

import { ConfigError } from './config-error';
import { positiveInt } from './environment-values';
import type { Environment } from './server-config';

/** Development-only signing key, refused when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

export const authVariables = z.object({
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters.').optional(),
  JWT_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
});

/** JWT_SECRET, or the development key outside production. */
export function jwtSecret(environment: Environment, secret: string | undefined): string {
  if (environment === 'production' && !secret) {
    throw new ConfigError('JWT_SECRET must be set when NODE_ENV=production (at least 32 random characters).');
  }
  if (environment === 'production' && secret === DEVELOPMENT_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET must not be the development secret when NODE_ENV=production.');
  }
  return secret ?? DEVELOPMENT_JWT_SECRET;
}
