/**
 * One local Neo4j for the whole run (test/global-setup.ts; jest runs a project's global setup only
 * when it runs one of that project's files, and the same module once). Three projects: tests that
 * need no database (`*.unit.test.ts`: domain rules against small fakes, pure functions, files read
 * as text), which start no Neo4j and no Redis; most test files,
 * in two workers; and heavy suites (`*.serial.test.ts`: browser, faults, benchmark smoke), run
 * after them one file at a time, so they do not compete with other files for the two cores.
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false, diagnostics: { ignoreCodes: [151002] } }] },
  setupFiles: ['reflect-metadata'],
};

/** Neo4j for the suites that use it; unit tests (`*.unit.test.ts`: domain rules against fakes) start nothing. */
const withNeo4j = { globalSetup: '<rootDir>/test/global-setup.ts', globalTeardown: '<rootDir>/test/global-teardown.ts' };

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.unit.test.ts'] },
    {
      ...shared,
      ...withNeo4j,
      displayName: 'parallel',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.serial\\.test\\.ts$', '\\.unit\\.test\\.ts$'],
    },
    { ...shared, ...withNeo4j, displayName: 'serial', testMatch: ['**/*.serial.test.ts'], runner: '<rootDir>/test/support/serial-runner.js' },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
