/** Writes schema/schema.graphql from the code-first schema (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { createLogger } from '../logger';
import { PROJECT_ROOT } from '../project-root';
import { printGraphQLSchema } from './schema';

const file = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');
writeFileSync(file, printGraphQLSchema());
createLogger('info').info({ file: path.relative(process.cwd(), file) }, 'Wrote the GraphQL schema');
