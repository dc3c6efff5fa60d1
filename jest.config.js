/**
 * One local Neo4j for the whole run (test/global-setup.ts). Two projects: most test files run in
 * two workers; heavy suites (`*.serial.test.ts`: browser, faults, benchmark smoke) run after them,
 * one file at a time, so they do not compete with other files for the two cores.
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false, diagnostics: { ignoreCodes: [151002] } }] },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'parallel', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.serial\\.test\\.ts$'] },
    { ...shared, displayName: 'serial', testMatch: ['**/*.serial.test.ts'], runner: '<rootDir>/test/support/serial-runner.js' },
  ],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
