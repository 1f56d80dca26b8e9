import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseUrl } from '../../shared/config';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createMysqlDatabase } from '../../scripts/mysql-database';
import { testConfig } from './test-config';
import { TEMPLATE_SQLITE_FILE, TEST_DATA_DIR } from './test-paths';

/**
 * A migrated database URL for one test file: the shared MariaDB database of the run, or a private
 * copy of the migrated SQLite template so files never see each other's rows or locks.
 */
export function testDatabaseUrl(): DatabaseUrl {
  const { url } = testConfig().database;
  if (url.dialect === 'mysql') return url;
  const storage = join(TEST_DATA_DIR, `${randomUUID()}.sqlite`);
  copyFileSync(TEMPLATE_SQLITE_FILE, storage);
  return { dialect: 'sqlite', storage };
}

/** Opens a connection to a fresh test database; close it in afterAll. */
export function openTestDatabase(poolMax = 10, url: DatabaseUrl = testDatabaseUrl()): Database {
  return createDatabase({
    url,
    pool: { kind: 'service', max: poolMax },
    connectTimeoutMs: 5000,
    acquireTimeoutMs: 10000,
  });
}

/** A database URL as DATABASE_URL spells it, for a child process. */
export function databaseUrlText(url: DatabaseUrl): string {
  if (url.dialect === 'sqlite') return `sqlite:${url.storage}`;
  const auth = url.password
    ? `${encodeURIComponent(url.username)}:${encodeURIComponent(url.password)}`
    : encodeURIComponent(url.username);
  return `mysql://${auth}@${url.host}:${url.port}/${url.database}`;
}

/**
 * An empty database of this file's own, for a process that migrates and seeds what it is given (as
 * `npm start` does): a new SQLite file, or on MariaDB a fresh database beside the run's shared one.
 */
export async function emptyPrivateDatabaseUrl(name: string): Promise<DatabaseUrl> {
  const { url } = testConfig().database;
  if (url.dialect === 'sqlite')
    return { dialect: 'sqlite', storage: join(TEST_DATA_DIR, `${randomUUID()}.sqlite`) };
  const own = { ...url, database: `${url.database}_${name}` };
  await createMysqlDatabase(own, { fresh: true });
  return own;
}
