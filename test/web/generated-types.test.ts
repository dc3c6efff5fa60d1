/**
 * The web app's operation types (web/src/gql) are generated from schema/schema.graphql and the
 * app's operations by GraphQL Code Generator; this fails when they are stale. The generator runs
 * in its own process (it is an ES module jest cannot load), in check mode: it writes nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/project-root';

it('matches the committed web/src/gql (run `npm run codegen` after changing the schema or an operation)', () => {
  const cli = path.join(PROJECT_ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
  const run = spawnSync(process.execPath, [cli, '--config', 'web/codegen.ts', '--check'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  const stale = `${run.stdout}${run.stderr}`.match(/^\s+- (\S+)$/gm)?.map((line) => line.trim().slice(2)) ?? [];
  expect({ stale, status: run.status }).toEqual({ stale: [], status: 0 });
});
