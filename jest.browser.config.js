/** Browser tests: the whole system started as `npm start` does, driven by Debian's Chromium. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/tests/browser'],
  testPathIgnorePatterns: [],
  globalSetup: '<rootDir>/tests/browser/browser-global-setup.ts',
  globalTeardown: undefined,
  testTimeout: 120000,
};
