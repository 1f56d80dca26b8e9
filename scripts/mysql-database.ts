import { createConnection } from 'mysql2/promise';
import type { DatabaseUrl } from '../shared/config';

type MysqlUrl = Extract<DatabaseUrl, { dialect: 'mysql' }>;

/**
 * Creates the database a MySQL URL names, in utf8mb4, for the tests, benches and artifact checks
 * that run on a server of their own. `fresh` drops it first, so nothing of an earlier run is left.
 */
export async function createMysqlDatabase(
  url: MysqlUrl,
  { fresh }: { fresh: boolean },
): Promise<void> {
  if (!/^\w+$/.test(url.database)) throw new Error(`Not a plain database name: ${url.database}`);
  const admin = await createConnection({
    host: url.host,
    port: url.port,
    user: url.username,
    password: url.password,
  });
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS \`${url.database}\``);
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${url.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
}
