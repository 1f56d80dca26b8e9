import { createConnection } from 'mysql2/promise';
import type { DatabaseUrl } from '../shared/config';

type MysqlUrl = Extract<DatabaseUrl, { dialect: 'mysql' }>;

function connectAsAdmin(url: MysqlUrl) {
  if (!/^\w+$/.test(url.database)) throw new Error(`Not a plain database name: ${url.database}`);
  return createConnection({
    host: url.host,
    port: url.port,
    user: url.username,
    password: url.password,
  });
}

/**
 * Creates the database a MySQL URL names, in utf8mb4, for the tests, benches and artifact checks
 * that run on a server of their own. `fresh` drops it first, so nothing of an earlier run is left.
 */
export async function createMysqlDatabase(
  url: MysqlUrl,
  { fresh }: { fresh: boolean },
): Promise<void> {
  const admin = await connectAsAdmin(url);
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS \`${url.database}\``);
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${url.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
}

/** Drops the database a MySQL URL names, when a test's own database is no longer needed. */
export async function dropMysqlDatabase(url: MysqlUrl): Promise<void> {
  const admin = await connectAsAdmin(url);
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${url.database}\``);
  } finally {
    await admin.end();
  }
}
