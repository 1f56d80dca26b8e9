import { loadConfig, parseDatabaseUrl, type DatabaseUrl } from '../shared/config';
import { hashPassword } from '../shared/auth/password-hashing';
import type { Database } from '../shared/db/create-database';
import { openDatabase, type DatabaseProfile } from '../shared/db/open-database';
import { createMigrator } from '../shared/db/migrator';
import { seedDeliveryProviders } from '../shared/db/seeds/delivery-providers';
import { seedDemoData } from '../shared/db/seeds/demo-data';
import { createMysqlDatabase } from '../scripts/mysql-database';

/** The MariaDB database benchmarks run against, unless BENCH_DATABASE_URL names another. */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bookstore_bench';

/**
 * Makes sure the bench database exists, is migrated, and holds the demo accounts and `books` books.
 * Idempotent: a second run only checks.
 */
export async function prepareBenchDatabase(
  books: number,
  databaseUrl: string = BENCH_DATABASE_URL,
): Promise<Extract<DatabaseUrl, { dialect: 'mysql' }>> {
  const url = parseDatabaseUrl(databaseUrl);
  if (!url || url.dialect !== 'mysql')
    throw new Error(`${databaseUrl} is not a mysql:// URL: benches run on MySQL/MariaDB`);
  await createMysqlDatabase(url, { fresh: false });
  const db = openBenchDatabase(databaseUrl, 'cli');
  try {
    await createMigrator(db.sequelize).up();
    await seedDeliveryProviders(db);
    await seedDemoData(db, books, hashPassword);
  } finally {
    await db.close();
  }
  return url;
}

/**
 * The bench's database, opened as a process of `profile` opens it in production (the statement
 * deadline included); `settings` are environment variables on top of the defaults.
 */
export function openBenchDatabase(
  databaseUrl: string,
  profile: DatabaseProfile,
  settings: Record<string, string> = {},
): Database {
  return openDatabase(loadConfig({ ...settings, DATABASE_URL: databaseUrl }), { profile });
}

/**
 * An empty, migrated bench database at `databaseUrl` (dropped and created again), opened as the
 * origin opens its own, with a pool of `poolMax` that waits up to 5 s for a connection.
 */
export async function freshBenchDatabase(databaseUrl: string, poolMax: number): Promise<Database> {
  const url = parseDatabaseUrl(databaseUrl);
  if (!url || url.dialect !== 'mysql')
    throw new Error(`${databaseUrl} is not a mysql:// URL: benches run on MySQL/MariaDB`);
  await createMysqlDatabase(url, { fresh: true });
  const db = openBenchDatabase(databaseUrl, 'service', {
    DATABASE_POOL_MAX: String(poolMax),
    DATABASE_ACQUIRE_TIMEOUT_MS: '5000',
  });
  await createMigrator(db.sequelize).up();
  return db;
}
