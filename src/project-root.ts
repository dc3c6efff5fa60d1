/**
 * Project root
 *
 * The folder holding package.json, found from this file whether it runs from `src/` (ts-jest) or
 * from `dist/src/` (npm start), so `cypher/` and `.neo4j/` resolve the same way in both.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;
    if (path.dirname(directory) === directory) throw new Error(`No package.json above ${start}.`);
  }
}
