// Lint: typescript-eslint's strict type-checked rules over all TypeScript; formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.neo4j/**', 'neo4j-local/**', 'coverage/**', 'web/dist/**', 'web/src/gql/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // In-memory implementations of asynchronous ports are async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // neo4j-driver types its plain option objects as classes; object literals are its documented use.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // The layers (CONTRIBUTING.md, "The layers"): the domain owns its ports and depends on no
    // adapter; the store implements the domain's ports; the GraphQL layer calls the domain only.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['neo4j-driver', 'ioredis', 'dataloader', 'graphql', 'type-graphql', 'express', 'graphql-ws', 'prom-client'].map((name) => ({
            name,
            message: 'The domain is plain TypeScript: declare a port in src/domain and implement it in src/store (or src/graphql).',
          })),
          patterns: [
            {
              regex: '(^|/)(store|graphql|http)(/|$)',
              message: 'The domain depends on nothing in src/store, src/graphql or src/http: declare a port in src/domain that the store implements.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/graphql/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['neo4j-driver', 'ioredis'].map((name) => ({ name, message: "Resolvers call the domain; storage is the store's." })),
          patterns: [{ regex: '(^|/)store(/|$)', message: 'Resolvers call the domain; only src/context.ts and src/services.ts wire the store in.' }],
        },
      ],
    },
  },
  {
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)(graphql|http)(/|$)', message: 'The store implements domain ports; it knows nothing of GraphQL or HTTP.' }] },
      ],
    },
  },
  {
    // Benchmarks state what they expect to exist; a missing value fails them loudly. Tests check
    // instead (tuples, `required` of test/support/required.ts), so that a failure says what was missing.
    files: ['bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Tests type a GraphQL response by declaring its operation with the data it answers
    // (`operation<Data>(...)`, test/support/test-server.ts); one written inline reads as `unknown`.
    // What is still `any` here is not the tests' own: jest types its asymmetric matchers
    // (`expect.any(Number)` inside an expected object) as `any`, and a few tests read log lines
    // and error bodies with `JSON.parse`. Source and benchmarks get no leave.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
