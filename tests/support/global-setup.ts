import { mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { createDatabase } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import { testConfig } from './test-config';
import { TEMPLATE_SQLITE_FILE, TEST_DATA_DIR } from './test-paths';

/**
 * Prepares one migrated database for the whole run: on MariaDB the database named by DATABASE_URL
 * is dropped and created afresh; on SQLite a migrated template file that each test file copies.
 */
export default async function globalSetup(): Promise<void> {
  const config = testConfig();
  const { url } = config.database;
  if (url.dialect === 'mysql') {
    const admin = await createConnection({
      host: url.host,
      port: url.port,
      user: url.username,
      password: url.password,
    });
    await admin.query(`DROP DATABASE IF EXISTS \`${url.database}\``);
    await admin.query(
      `CREATE DATABASE \`${url.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await admin.end();
  } else {
    rmSync(TEST_DATA_DIR, { recursive: true, force: true });
    mkdirSync(TEST_DATA_DIR, { recursive: true });
  }
  const database = createDatabase({
    url: url.dialect === 'mysql' ? url : { dialect: 'sqlite', storage: TEMPLATE_SQLITE_FILE },
    pool: { kind: 'service', max: 2 },
    connectTimeoutMs: 5000,
    acquireTimeoutMs: 5000,
  });
  await createMigrator(database.sequelize).up();
  await database.close();
}
