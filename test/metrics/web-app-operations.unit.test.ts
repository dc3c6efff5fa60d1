/**
 * The operation names the metrics label by are the web app's: the operations in its generated
 * documents (web/src/gql, kept fresh by test/web/generated-types.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { WEB_APP_OPERATIONS } from '../../src/metrics/web-app-operations';
import { PROJECT_ROOT } from '../../src/project-root';

interface DocumentJson {
  definitions: { kind: string; name?: { value: string } }[];
}

/** The operation names of every document GraphQL Code Generator wrote into web/src/gql/graphql.ts. */
function generatedOperationNames(): string[] {
  const generated = readFileSync(path.join(PROJECT_ROOT, 'web', 'src', 'gql', 'graphql.ts'), 'utf8');
  const documents = [...generated.matchAll(/^export const \w+ = (\{.*\}) as unknown as DocumentNode/gm)].map(
    ([, json = '{}']) => JSON.parse(json) as DocumentJson,
  );
  return documents.flatMap((document) =>
    document.definitions.filter((definition) => definition.kind === 'OperationDefinition').map((definition) => definition.name?.value ?? ''),
  );
}

it("names the web app's operations, each once (update src/metrics/web-app-operations.ts after `npm run codegen`)", () => {
  const generated = generatedOperationNames();
  expect(generated.length).toBeGreaterThan(10);
  expect([...WEB_APP_OPERATIONS].sort()).toEqual([...new Set(generated)].sort());
  expect(new Set(WEB_APP_OPERATIONS).size).toBe(WEB_APP_OPERATIONS.length);
});
