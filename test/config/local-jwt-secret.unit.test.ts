/**
 * `npm start` without JWT_SECRET signs with a key of the checkout's own, made on the first start
 * and kept beside the local Neo4j's store for the owner alone; test mode and production never
 * write one.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ConfigError, localJwtSecretFile, PUBLISHED_JWT_SECRETS, withLocalJwtSecret } from '../../src/config';

let projectRoot: string;
beforeEach(() => (projectRoot = mkdtempSync(path.join(tmpdir(), 'chirp-secret-'))));
afterEach(() => rmSync(projectRoot, { recursive: true, force: true }));

it('makes a random key on the first start, for the owner alone, and reads the same one on later starts', () => {
  const first = withLocalJwtSecret({}, projectRoot);
  const file = path.join(projectRoot, '.neo4j', 'jwt-secret');
  expect(first.secretFile).toBe(file);
  expect(localJwtSecretFile(projectRoot)).toBe(file);
  const secret = first.environment.JWT_SECRET ?? '';
  expect(secret).toMatch(/^[\w-]{43}$/);
  expect(PUBLISHED_JWT_SECRETS).not.toContain(secret);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8')).toBe(`${secret}\n`);

  expect(withLocalJwtSecret({ NODE_ENV: 'development' }, projectRoot).environment.JWT_SECRET).toBe(secret);
  expect(withLocalJwtSecret({ PORT: '4001' }, projectRoot).environment).toEqual({ PORT: '4001', JWT_SECRET: secret });
});

it('makes another key for another checkout', () => {
  const other = mkdtempSync(path.join(tmpdir(), 'chirp-secret-'));
  try {
    expect(withLocalJwtSecret({}, other).environment.JWT_SECRET).not.toBe(withLocalJwtSecret({}, projectRoot).environment.JWT_SECRET);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

it('leaves JWT_SECRET, test mode and production alone, writing nothing', () => {
  const given = { JWT_SECRET: 'g'.repeat(32) };
  expect(withLocalJwtSecret(given, projectRoot)).toEqual({ environment: given });
  expect(withLocalJwtSecret({ NODE_ENV: 'test' }, projectRoot)).toEqual({ environment: { NODE_ENV: 'test' } });
  expect(withLocalJwtSecret({ NODE_ENV: 'production' }, projectRoot)).toEqual({ environment: { NODE_ENV: 'production' } });
  expect(() => statSync(path.join(projectRoot, '.neo4j'))).toThrow(/ENOENT/);
});

it('refuses a key file others can read, or one too short', () => {
  withLocalJwtSecret({}, projectRoot);
  const file = localJwtSecretFile(projectRoot);
  chmodSync(file, 0o644);
  expect(() => withLocalJwtSecret({}, projectRoot)).toThrow(
    new ConfigError(`${file} must be readable by its owner alone (chmod 600 it, or delete it to sign everyone out with a new key).`),
  );
  writeFileSync(file, 'short\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  expect(() => withLocalJwtSecret({}, projectRoot)).toThrow(
    new ConfigError(`${file} must hold a key of at least 32 characters (delete it to have a new one made).`),
  );
});
