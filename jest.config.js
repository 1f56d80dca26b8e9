/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // Browser tests start the whole system and need Chromium: `npm run test:browser`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/browser/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // jose 6 ships only ES modules; Jest's CommonJS runtime needs them transpiled.
    '^.+/node_modules/jose/.+\\.js$': [
      'ts-jest',
      { diagnostics: false, tsconfig: { allowJs: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFilesAfterEnv: ['<rootDir>/tests/support/setup-after-env.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 30000,
  watchman: false,
};
