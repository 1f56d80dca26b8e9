import { loadConfig, type Config } from '../../shared/config';

/** The configuration tests run with: the environment's DATABASE_URL (MariaDB in CI) or SQLite. */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    COOKIE_SECURE: 'false',
    // Test files register many accounts from one fixture address; the throttle's own tests set it.
    REGISTRATION_THROTTLE_MAX_PER_CLIENT:
      process.env.REGISTRATION_THROTTLE_MAX_PER_CLIENT ?? '100000',
    ...overrides,
  });
}

/** Whether this run targets MySQL/MariaDB rather than the embedded SQLite. */
export function usingMysql(): boolean {
  return testConfig().database.url.dialect === 'mysql';
}
