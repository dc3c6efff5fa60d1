/**
 * GraphQL Code Generator: types for the app's operations from schema/schema.graphql, written to
 * web/src/gql (`npm run codegen`; test/web/generated-types.test.ts fails when they are stale).
 * Paths are relative to the project root, where the commands run.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
