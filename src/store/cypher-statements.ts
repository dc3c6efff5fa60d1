/**
 * Cypher statements
 *
 * Every query lives in `cypher/<name>.cypher`, one statement a file, and is loaded by name here:
 * the one place that knows where Cypher comes from. Values always travel as parameters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../project-root';

export const CYPHER_DIRECTORY = path.join(PROJECT_ROOT, 'cypher');

export class CypherStatements {
  private readonly byName: ReadonlyMap<string, string>;

  constructor(directory: string = CYPHER_DIRECTORY) {
    this.byName = readStatements(directory);
  }

  get(name: string): string {
    const text = this.byName.get(name);
    if (text === undefined) throw new TypeError(`No Cypher statement named "${name}" in cypher/.`);
    return text;
  }
}

/** The schema statements (`cypher/schema/*.cypher`), in file-name order. */
export function schemaStatements(directory: string = CYPHER_DIRECTORY): string[] {
  const schemaDirectory = path.join(directory, 'schema');
  return [...readStatements(schemaDirectory).values()];
}

function readStatements(directory: string): Map<string, string> {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.cypher'))
    .sort();
  return new Map(files.map((file) => [path.basename(file, '.cypher'), stripComments(readFileSync(path.join(directory, file), 'utf8'))]));
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .trim();
}
