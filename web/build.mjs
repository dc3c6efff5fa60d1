/**
 * Builds the web app and GraphiQL into dist/web with Vite, as part of `npm run build` (so of
 * `npm start` and `npm test`), only when something it is built from changed since the last build:
 * a second start stays fast. What it is built from: every file under web/ and package-lock.json
 * (the libraries' versions); a fingerprint of them is kept in dist/web/.fingerprint.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const webRoot = import.meta.dirname;
const projectRoot = path.dirname(webRoot);
const outDir = path.join(projectRoot, 'dist', 'web');
const fingerprintFile = path.join(outDir, '.fingerprint');

const fingerprint = fingerprintOf([...filesUnder(webRoot), path.join(projectRoot, 'package-lock.json')]);
const force = process.argv.includes('--force');
if (!force && existsSync(fingerprintFile) && readFileSync(fingerprintFile, 'utf8') === fingerprint) {
  console.log('Web app: up to date in dist/web (web/ unchanged).');
} else {
  console.log('Web app: building the app and GraphiQL with Vite into dist/web…');
  const started = performance.now();
  await build({ configFile: path.join(webRoot, 'vite.config.mts'), logLevel: 'warn' });
  writeFileSync(fingerprintFile, fingerprint);
  console.log(`Web app: built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

function* filesUnder(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else if (entry.isFile()) yield file;
  }
}

function fingerprintOf(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(projectRoot, file)).update('\0');
    hash.update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}
