import * as mysql2 from 'mysql2/promise';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { seedDeliveryProviders } from '../../shared/db/seeds/delivery-providers';
import { createLogger } from '../../shared/logging/logger';
import { apiGatewayEvent, invokeHandler, type LambdaHandler } from '../support/api-gateway-event';
import {
  importExportedHandler,
  type ExportedLambdaHandler,
} from '../support/exported-lambda-handler';
import { createBook, createUser, unique } from '../support/factories';
import { testConfig, usingMysql } from '../support/test-config';
import { databaseUrlText, openTestDatabase, testDatabaseUrl } from '../support/test-database';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';

/**
 * Issue 24: no anonymous catalog read may hold the database. Each statement of the catalog
 * function carries a cost ceiling the database server itself enforces (CATALOG_STATEMENT_LIMIT_MS),
 * so a slow statement becomes a quick 503 and its work stops on the server, where the client-side
 * deadline (DATABASE_STATEMENT_TIMEOUT_MS) only gives up on the answer and leaves it running.
 */

/** A word no other test file's books hold, so a search finds this file's book. */
const WORD = unique('Ceilingword')
  .replace(/[^A-Za-z0-9]/g, '')
  .toLowerCase();

/** The catalog routes, and the table each one reads. */
const ROUTES = (bookId: () => number) =>
  [
    ['the book list', () => '/api/v1/books', 'books'],
    ['a search', () => `/api/v1/books?q=${WORD}`, 'books'],
    ['a book', () => `/api/v1/books/${bookId()}`, 'books'],
    ['the categories', () => '/api/v1/categories', 'category_counts'],
    ['the delivery providers', () => '/api/v1/delivery-providers', 'delivery_providers'],
  ] as const;

/** A catalog book, a category and the seeded providers, so every route has rows to read. */
async function seedCatalog(db: Database): Promise<number> {
  await seedDeliveryProviders(db);
  const seller = await createUser(db);
  const book = await createBook(db, seller.id, {
    title: `The ${WORD} almanac`,
    category: unique('Almanacs'),
  });
  return book.id;
}

describe('the statements the catalog function sends', () => {
  const statements: string[] = [];
  let db: Database;
  let catalog: CatalogFunction;
  let bookId = 0;

  beforeAll(async () => {
    db = createDatabase({
      url: testDatabaseUrl(),
      pool: { kind: 'service', max: 2 },
      connectTimeoutMs: 5000,
      acquireTimeoutMs: 10000,
      logSql: (sql) => statements.push(sql.replace(/^Executing \([^)]*\): /, '')),
    });
    catalog = startCatalogFunction({ db, statementLimitMs: 200 });
    bookId = await seedCatalog(db);
  });
  afterAll(() => db.close());

  test.each(ROUTES(() => bookId))(
    'when reading %s, then every statement carries the ceiling on MySQL/MariaDB and goes as written on SQLite',
    async (_route, path) => {
      statements.length = 0;

      const response = await catalog.invoke({ path: path() });

      expect(response.statusCode).toBe(200);
      expect(statements.length).toBeGreaterThan(0);
      for (const sql of statements) {
        if (usingMysql())
          expect(sql).toMatch(
            /^\/\*M! SET STATEMENT max_statement_time=0\.2 FOR \*\/ SELECT \/\*\+ MAX_EXECUTION_TIME\(200\) \*\/ /,
          );
        else expect(sql).toMatch(/^SELECT (?!.*(max_statement_time|MAX_EXECUTION_TIME))/s);
      }
    },
  );
});

// Holding a table lock on a server from another connection: MariaDB runs only.
if (usingMysql()) {
  /** A connection of its own that takes table locks, as a migration or a long write would. */
  async function lockHolder(): Promise<mysql2.Connection> {
    const { url } = testConfig().database;
    if (url.dialect !== 'mysql') throw new Error('MariaDB only');
    return mysql2.createConnection({
      host: url.host,
      port: url.port,
      user: url.username,
      password: url.password,
      database: url.database,
    });
  }

  /**
   * The catalog function's connections: those on this database opened after the holder's (the
   * server numbers connections in order; the seeding's and earlier test files' are older, and may
   * still be on their way out).
   */
  const CATALOG_CONNECTIONS = `FROM information_schema.PROCESSLIST
    WHERE DB = DATABASE() AND ID > CONNECTION_ID()`;

  /**
   * The catalog function's statements the server is still running, once they have had a moment
   * to end: the client may read a stopped statement's error while the server thread still shows
   * it ("Writing to net"). A statement waiting on the lock (the client deadline alone) stays as
   * long as the lock, which is held until after this returns, so the wait cannot hide it.
   */
  async function statementsStillRunning(holder: mysql2.Connection): Promise<unknown[]> {
    const settleBy = Date.now() + 2000;
    for (;;) {
      const [rows] = await holder.query(
        `SELECT STATE AS state ${CATALOG_CONNECTIONS} AND COMMAND = 'Query'`,
      );
      const running = rows as unknown[];
      if (running.length === 0 || Date.now() > settleBy) return running;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * The catalog function's open connections. A statement the server stops ends with an error on
   * a connection that stays open; the client-side deadline would have closed the connection.
   */
  async function catalogConnections(holder: mysql2.Connection): Promise<number[]> {
    const [rows] = await holder.query(`SELECT ID AS id ${CATALOG_CONNECTIONS} ORDER BY ID`);
    return (rows as Array<{ id: number }>).map((row) => Number(row.id));
  }

  describe('the log of a statement stopped at the ceiling', () => {
    const logged: string[] = [];
    let holder: mysql2.Connection;
    let catalog: CatalogFunction;

    beforeAll(async () => {
      holder = await lockHolder();
      catalog = startCatalogFunction({
        logger: createLogger('debug', {}, { destination: { write: (line) => logged.push(line) } }),
        statementLimitMs: 200,
      });
      await seedCatalog(catalog.db);
    });
    afterAll(async () => {
      await holder.query('UNLOCK TABLES');
      await holder.end();
      await catalog.close();
    });

    test('when a search is stopped, then the log says the ceiling stopped it and names the statement without the words searched', async () => {
      await holder.query('LOCK TABLES books WRITE');
      const from = logged.length;

      const response = await catalog.invoke({ path: `/api/v1/books?q=${WORD}` });
      await holder.query('UNLOCK TABLES');

      const lines = logged.slice(from).map((line) => JSON.parse(line) as Record<string, any>);
      const warning = lines.find((line) => line.err !== undefined);
      expect(response.statusCode).toBe(503);
      expect(warning).toMatchObject({
        level: 'warn',
        msg: expect.stringMatching(/cost ceiling/) as unknown,
        err: {
          code: 'ER_STATEMENT_TIMEOUT',
          statement: expect.stringMatching(
            /^\/\*M! SET STATEMENT max_statement_time=\? FOR/,
          ) as unknown,
        },
      });
      expect(logged.slice(from).join('\n')).not.toContain(WORD);
    });
  });

  // Last in the file: it resets the module registry to import the exported handler afresh, and
  // modules imported before that (the Sequelize of startCatalogFunction) would then mix classes.
  describe('the catalog function while another connection holds a lock on what it reads', () => {
    const savedEnv = { ...process.env };
    let holder: mysql2.Connection;
    let exported: ExportedLambdaHandler;
    let handler: LambdaHandler;
    let bookId = 0;

    beforeAll(async () => {
      const seeding = openTestDatabase(2);
      bookId = await seedCatalog(seeding).finally(() => seeding.close());
      holder = await lockHolder();
      Object.assign(process.env, {
        DATABASE_URL: databaseUrlText(testConfig().database.url),
        CATALOG_STATEMENT_LIMIT_MS: '200',
        // The client-side deadline, 25 times the ceiling: what answers here is the server. (Without
        // the ceiling this deadline answers 503 too, but it closes the connection and leaves the
        // statement waiting on the server: the assertions on both tell them apart.)
        DATABASE_STATEMENT_TIMEOUT_MS: '5000',
        CATALOG_CACHE_TTL_MS: '0',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'production',
      });
      // A fresh module: the handler builds its configuration and database once, at module scope.
      jest.resetModules();
      exported = await importExportedHandler('catalog');
      ({ handler } = exported);
    });
    afterAll(async () => {
      process.env = savedEnv;
      await holder.query('UNLOCK TABLES');
      await holder.end();
      await exported.close();
    });

    const invoke = (path: string) => invokeHandler(handler, apiGatewayEvent({ path }));

    test.each(ROUTES(() => bookId))(
      'when a read of %s waits on a lock past the ceiling, then the server stops the statement, the answer is 503 with Retry-After, and once the lock goes it is 200',
      async (_route, path, table) => {
        const before = await invoke(path());
        const connectionsBefore = await catalogConnections(holder);
        await holder.query(`LOCK TABLES ${table} WRITE`);

        const refused = await invoke(path());
        const stillRunning = await statementsStillRunning(holder);
        await holder.query('UNLOCK TABLES');
        const after = await invoke(path());
        const connectionsAfter = await catalogConnections(holder);

        expect(before.statusCode).toBe(200);
        expect({
          status: refused.statusCode,
          retryAfter: refused.headers['retry-after'],
          contentType: refused.headers['content-type'],
          body: refused.json as unknown,
        }).toEqual({
          status: 503,
          retryAfter: '2',
          contentType: expect.stringMatching(/^application\/problem\+json/) as unknown,
          body: {
            type: 'https://bookstore.dev/problems/database-unavailable',
            title: 'Service Unavailable',
            status: 503,
            detail: 'The database is unavailable. Please retry shortly.',
            instance: path(),
          },
        });
        expect(stillRunning).toEqual([]);
        expect(connectionsAfter).toEqual(connectionsBefore);
        expect(after.statusCode).toBe(200);
      },
    );
  });
}
