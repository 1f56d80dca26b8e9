import { QueryTypes, type Model, type ModelStatic } from 'sequelize';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createBookCatalogRepository } from '../../handlers/catalog/repositories/book-catalog-repository';
import { createUser } from '../support/factories';
import { testConfig, usingMysql } from '../support/test-config';
import { openTestDatabase } from '../support/test-database';
import {
  startStatementRecorder,
  type StatementRecorder,
} from '../support/mysql-statement-recorder';

/**
 * RDS Proxy pins a client session to one database connection as soon as the session changes
 * state (SET time_zone, SET @var, a server-side prepared statement, ...), and a pinned proxy cannot multiplex: database connections
 * then grow with Lambda concurrency. The data layer must therefore send no session-state
 * statement, and still store and read every date as UTC.
 */
const SESSION_STATE = /^\s*SET\s/i;

describe('dates in the database', () => {
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase();
  });

  afterAll(() => db.close());

  /** An unpaid order of a new buyer: its expires_at is the date under test. */
  async function orderExpiringAt(expiresAt: Date) {
    const buyer = await createUser(db);
    return db.models.Order.create({
      buyerId: buyer.id,
      status: 'pending_payment',
      totalCents: 1000,
      expiresAt,
    });
  }

  test('when a date is written and read back, then it is stored as UTC and reads back as the same instant', async () => {
    const expiresAt = new Date('2026-03-29T01:30:00.000Z');
    const order = await orderExpiringAt(expiresAt);

    const [stored] = await db.sequelize.query<{ text: string }>(
      'SELECT CAST(expires_at AS CHAR) AS text FROM orders WHERE id = ?',
      { replacements: [order.id], type: QueryTypes.SELECT },
    );
    const readBack = await db.models.Order.findByPk(order.id);

    expect(stored?.text).toMatch(/^2026-03-29 01:30:00/);
    expect(readBack?.expiresAt.toISOString()).toBe(expiresAt.toISOString());
  });

  test('when dates are read by raw statements, as text and with bound values, then each is the stored instant and a missing one is null', async () => {
    const expiresAt = new Date('2026-10-25T00:59:59.000Z');
    const order = await orderExpiringAt(expiresAt);
    const sql = 'SELECT expires_at AS expiresAt, NULL AS missing FROM orders WHERE id = ';

    const [asText] = await db.sequelize.query<{ expiresAt: Date | string; missing: null }>(
      `${sql}${order.id}`,
      { type: QueryTypes.SELECT },
    );
    const [bound] = await db.sequelize.query<{ expiresAt: Date | string; missing: null }>(
      `${sql}$1`,
      { bind: [order.id], type: QueryTypes.SELECT },
    );

    for (const row of [asText, bound]) {
      expect(new Date(row?.expiresAt ?? NaN).toISOString()).toBe(expiresAt.toISOString());
      expect(row?.missing).toBeNull();
    }
    if (usingMysql()) expect(asText?.expiresAt).toBeInstanceOf(Date);
  });

  test('the schema has no column type that mysql2 would decode differently from Sequelize', () => {
    // The MySQL connections let mysql2 decode every column (typeCast: true in create-database.ts):
    // Sequelize's own decoding differs only for DATEONLY (a string, not a Date) and GEOMETRY.
    const models: ModelStatic<Model>[] = Object.values(db.models);
    const columnTypes = models.flatMap((model) =>
      Object.entries(model.getAttributes()).map(([name, attribute]) => {
        const type = attribute.type as string | { key: string };
        return `${model.name}.${name}: ${typeof type === 'string' ? type : type.key}`;
      }),
    );

    expect(columnTypes.length).toBeGreaterThan(20);
    expect(columnTypes.filter((column) => /: (DATEONLY|GEOMETRY)$/.test(column))).toEqual([]);
  });
});

// Reads the statements off the MySQL wire protocol: MariaDB runs only.
if (usingMysql())
  describe('the MySQL session of the data layer', () => {
    let recorder: StatementRecorder;
    let db: Database;

    beforeAll(async () => {
      const { url } = testConfig().database;
      if (url.dialect !== 'mysql') throw new Error('MariaDB only');
      recorder = await startStatementRecorder({ host: url.host, port: url.port });
      db = createDatabase({
        url: { ...url, host: '127.0.0.1', port: recorder.port },
        pool: { kind: 'lambda' },
        connectTimeoutMs: 5000,
        acquireTimeoutMs: 5000,
      });
    });

    afterAll(async () => {
      await db.close();
      await recorder.close();
    });

    test('when connections are opened and used, then no statement changes session state (RDS Proxy can multiplex)', async () => {
      // Arrange: two connections at once, so the pool opens more than one.
      const user = await createUser(db);

      // Act
      await Promise.all([
        db.sequelize.query('SELECT SLEEP(0.05)'),
        db.models.User.findByPk(user.id),
      ]);

      // Assert: the recorder saw the traffic, and none of it is a SET.
      expect(recorder.statements.some((sql) => /FROM `users`/.test(sql))).toBe(true);
      expect(recorder.statements.filter((sql) => SESSION_STATE.test(sql))).toEqual([]);
    });

    test('when the catalog reads a page after a title cursor, then the statement is sent as text, never prepared', async () => {
      const prepares = recorder.prepares;
      const recorded = recorder.statements.length;

      await createBookCatalogRepository(db).list({
        filters: { q: "clockmaker's" },
        sort: 'title',
        after: { sort: 'title', title: "It's", id: 1 },
        limit: 21,
      });

      expect(recorder.statements.slice(recorded).some((sql) => /FROM books/.test(sql))).toBe(true);
      expect(recorder.prepares - prepares).toBe(0);
    });
  });
