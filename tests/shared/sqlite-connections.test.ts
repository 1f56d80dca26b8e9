import { QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import { testConfig } from '../support/test-config';
import { openTestDatabase, testDatabaseUrl } from '../support/test-database';

// `npm start` runs the origin and the edge as two processes on one SQLite file, and Sequelize opens
// one SQLite connection per transaction: every connection must wait long enough for the write lock
// (the driver's own default is one second) and let readers go on while another connection writes.
const describeOnSqlite = testConfig().database.url.dialect === 'sqlite' ? describe : describe.skip;

describeOnSqlite('SQLite connections', () => {
  const url = testDatabaseUrl();
  let writer: Database;

  beforeAll(() => {
    writer = openTestDatabase(5, url);
  });

  afterAll(async () => {
    await writer.close();
  });

  const pragma = async (db: Database, name: string) => {
    const [row] = await db.sequelize.query<Record<string, unknown>>(`PRAGMA ${name}`, {
      type: QueryTypes.SELECT,
    });
    return Object.values(row ?? {})[0];
  };

  it('opens every connection in WAL mode with a busy timeout', async () => {
    expect(await pragma(writer, 'journal_mode')).toBe('wal');
    expect(await pragma(writer, 'busy_timeout')).toBe(10000);
    await writer.sequelize.transaction(async (tx) => {
      const [row] = await writer.sequelize.query<Record<string, unknown>>('PRAGMA busy_timeout', {
        type: QueryTypes.SELECT,
        transaction: tx,
      });
      expect(Object.values(row ?? {})[0]).toBe(10000);
    });
  });
});
