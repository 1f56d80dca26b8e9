/** Browser tests: the whole system started as `npm start` does, driven by Debian's Chromium. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/tests/browser'],
  testPathIgnorePatterns: [],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 120000,
};
