import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import { createMysqlDatabase } from '../../scripts/mysql-database';
import { testConfig } from './test-config';
import { newRunDirectory } from './test-paths';

/**
 * Prepares one migrated database for the whole run: on MariaDB the database named by DATABASE_URL
 * is dropped and created afresh; on SQLite a migrated template file that each test file copies.
 */
export default async function globalSetup(): Promise<void> {
  const config = testConfig();
  const { url } = config.database;
  if (url.dialect === 'mysql') await createMysqlDatabase(url, { fresh: true });
  // The workers inherit this variable, so every test file of the run finds the same template.
  const runDirectory = newRunDirectory();
  mkdirSync(runDirectory, { recursive: true });
  process.env.BOOKSTORE_TEST_RUN_DIR = runDirectory;
  const database = createDatabase({
    url:
      url.dialect === 'mysql'
        ? url
        : { dialect: 'sqlite', storage: join(runDirectory, 'template.sqlite') },
    pool: { kind: 'service', max: 2 },
    connectTimeoutMs: 5000,
    acquireTimeoutMs: 5000,
  });
  await createMigrator(database.sequelize).up();
  await database.close();
}
