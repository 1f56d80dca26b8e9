import { createConnection } from 'mysql2/promise';
import { parseDatabaseUrl, type DatabaseUrl } from '../shared/config';
import { hashPassword } from '../shared/auth/password-hashing';
import { createDatabase } from '../shared/db/create-database';
import { createMigrator } from '../shared/db/migrator';
import { seedDeliveryProviders } from '../shared/db/seeds/delivery-providers';
import { seedDemoData } from '../shared/db/seeds/demo-data';

/** The MariaDB database benchmarks run against, unless BENCH_DATABASE_URL names another. */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bookstore_bench';

/**
 * Makes sure the bench database exists, is migrated, and holds the demo accounts and `books` books.
 * Idempotent: a second run only checks.
 */
export async function prepareBenchDatabase(books: number): Promise<DatabaseUrl> {
  const url = parseDatabaseUrl(BENCH_DATABASE_URL);
  if (!url || url.dialect !== 'mysql') throw new Error('BENCH_DATABASE_URL must be a mysql:// URL');
  const admin = await createConnection({
    host: url.host,
    port: url.port,
    user: url.username,
    password: url.password,
  });
  await admin.query(
    `CREATE DATABASE IF NOT EXISTS \`${url.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await admin.end();
  const db = createDatabase({
    url,
    pool: { kind: 'service', max: 2 },
    connectTimeoutMs: 5000,
    acquireTimeoutMs: 10000,
  });
  try {
    await createMigrator(db.sequelize).up();
    await seedDeliveryProviders(db);
    await seedDemoData(db, books, hashPassword);
  } finally {
    await db.close();
  }
  return url;
}
