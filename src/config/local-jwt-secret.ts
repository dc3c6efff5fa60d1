/**
 * Local JWT secret
 *
 * The signing key of `npm start` without JWT_SECRET, outside production and test: made at random on
 * the first start and kept in `.neo4j/jwt-secret` beside the local Neo4j's store (mode 0600, like
 * an SSH key), and read on later starts, so that sessions survive a restart and servers sharing the
 * checkout's Neo4j accept each other's tokens. The primary reads it before forking and hands it to
 * its workers (JWT_SECRET in their environment), so every worker of one start signs alike. Test mode
 * never comes here: its config makes a key in memory (auth-config.ts), so tests write no file.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { generatedSecret } from './auth-config';
import { ConfigError } from './config-error';

/** What `withLocalJwtSecret` gives: the environment to load the config from, and the file its key came from, if any. */
export interface LocalSecretEnvironment {
  environment: NodeJS.ProcessEnv;
  secretFile?: string;
}

/** The file under the project's `.neo4j/` that keeps the key. */
export function localJwtSecretFile(projectRoot: string): string {
  return path.join(projectRoot, '.neo4j', 'jwt-secret');
}

/** `environment` with JWT_SECRET from the local file when it has none and runs in development. */
export function withLocalJwtSecret(environment: NodeJS.ProcessEnv, projectRoot: string): LocalSecretEnvironment {
  const mode = environment.NODE_ENV || 'development';
  if (environment.JWT_SECRET || mode !== 'development') return { environment };
  const secretFile = localJwtSecretFile(projectRoot);
  return { environment: { ...environment, JWT_SECRET: readOrCreateSecret(secretFile) }, secretFile };
}

/**
 * The key in `file`, written first when there is none. Written to a file of its own and linked into
 * place, which fails when the file exists: two servers starting at once keep the same key, and
 * neither ever reads a half-written one.
 */
export function readOrCreateSecret(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${generatedSecret()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return readSecret(file);
}

function readSecret(file: string): string {
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new ConfigError(`${file} must be readable by its owner alone (chmod 600 it, or delete it to sign everyone out with a new key).`);
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new ConfigError(`${file} must hold a key of at least 32 characters (delete it to have a new one made).`);
  return secret;
}
