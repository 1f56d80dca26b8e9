// The packaged Lambda bundles carry only the MySQL driver, so their artifact test runs in the
// MySQL/MariaDB run (`npm run test:mysql`, part of CI) and not on the embedded SQLite.
const onMysql = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

// The origin's thread pool as its Dockerfile sizes it (cover renders beside token checks and the
// SQLite driver); libuv reads it once, when the pool starts, so it is set before the workers start.
process.env.UV_THREADPOOL_SIZE ??= '8';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // Browser tests start the whole system and need Chromium: `npm run test:browser`.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/tests/browser/',
    ...(onMysql ? [] : ['<rootDir>/tests/deploy/lambda-artifacts.test.ts']),
  ],
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
  // One worker per core. Jest's default keeps a core for its parent process, which only waits on
  // the workers: on a 2-core machine that meant one worker, every file in turn, though files spend
  // much of their time waiting on child processes, sockets and timers. On SQLite test files never
  // share a database (each copies the migrated template); the MariaDB and browser runs stay in band.
  maxWorkers: '100%',
  watchman: false,
};
