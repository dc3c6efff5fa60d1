/**
 * `npm start` builds the web app as part of `npm run build` (web/build.mjs), but only when
 * something under web/ (or a library version) changed: a second start does not build it again.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

import { WEB_APP_ROOT } from '../../src/http/web-app';
import { PROJECT_ROOT } from '../../src/project-root';

function buildWebApp(): string {
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'web', 'build.mjs')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return run.stdout;
}

it('does not build the app again when web/ has not changed', () => {
  // Up to date after `npm run build` (npm test runs it first); built here otherwise.
  if (!buildWebApp().includes('up to date')) buildWebApp();
  const page = path.join(WEB_APP_ROOT, 'index.html');
  const built = statSync(page).mtimeMs;
  expect(buildWebApp()).toBe('Web app: up to date in dist/web (web/ unchanged).\n');
  expect(statSync(page).mtimeMs).toBe(built);
});
