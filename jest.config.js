/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/tests/support/setup-after-env.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 30000,
  watchman: false,
};
