import { parseDatabaseUrl } from '../../shared/config';
import { createDatabase, type Database } from '../../shared/db/create-database';
// Imported for their import graphs: what the origin and the migration command load.
import { createOriginApp } from '../../origin/app';
import { createMigrator } from '../../shared/db/migrator';

// The container image carries no sqlite3 (containers always talk to MySQL): nothing on the MySQL
// path may load it. Here any load of sqlite3 is counted and fails, as it would in the image; the
// container smoke test (scripts/container-smoke.sh) runs the image itself against MariaDB.
let mockSqliteLoads = 0;
jest.mock('sqlite3', () => {
  mockSqliteLoads += 1;
  throw new Error("Cannot find module 'sqlite3' (not in the container image)");
});

function open(url: string): Database {
  const parsed = parseDatabaseUrl(url);
  if (!parsed) throw new Error(`not a database URL: ${url}`);
  return createDatabase({
    url: parsed,
    pool: { kind: 'service', max: 2 },
    connectTimeoutMs: 1000,
    acquireTimeoutMs: 1000,
  });
}

describe('the MySQL path without the sqlite3 module', () => {
  test('when the database URL is mysql, then the origin, the migrator and the opened database never load sqlite3', async () => {
    const db = open('mysql://bookstore:secret@db.invalid:3306/bookstore');

    expect(typeof createOriginApp).toBe('function');
    expect(typeof createMigrator(db.sequelize).pending).toBe('function');
    await db.close();
    expect(mockSqliteLoads).toBe(0);
  });

  test('when the database URL is sqlite, then it does load sqlite3 (the count above can fail)', () => {
    const before = mockSqliteLoads;

    expect(() => open('sqlite::memory:')).toThrow(/sqlite3/);
    expect(mockSqliteLoads).toBe(before + 1);
  });
});
