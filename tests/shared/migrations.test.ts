import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import { createMysqlDatabase } from '../../scripts/mysql-database';
import { assertSchemaCurrent, SchemaOutdatedError } from '../../shared/db/schema-check';
import type { DatabaseUrl } from '../../shared/config';
import { testConfig } from '../support/test-config';
import { TEST_DATA_DIR } from '../support/test-paths';
import { unique } from '../support/factories';

/** An empty database of the run's dialect, separate from the one other tests use. */
async function emptyDatabaseUrl(): Promise<DatabaseUrl> {
  const { url } = testConfig().database;
  if (url.dialect === 'sqlite')
    return { dialect: 'sqlite', storage: join(TEST_DATA_DIR, `${unique('empty')}.sqlite`) };
  const empty = { ...url, database: `${url.database}_migrations` };
  await createMysqlDatabase(empty, { fresh: true });
  return empty;
}

async function tableNames(db: Database): Promise<string[]> {
  const tables = (await db.sequelize.getQueryInterface().showAllTables()) as unknown[];
  return tables
    .map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName))
    .sort();
}

describe('schema migrations', () => {
  let db: Database;

  beforeAll(async () => {
    db = createDatabase({
      url: await emptyDatabaseUrl(),
      pool: { kind: 'service', max: 2 },
      connectTimeoutMs: 5000,
      acquireTimeoutMs: 5000,
    });
  });

  afterAll(() => db.close());

  test('when migrated up, down and up again, then every table exists once more', async () => {
    const migrator = createMigrator(db.sequelize);

    await migrator.up();
    const afterFirstUp = await tableNames(db);
    await migrator.down({ to: 0 });
    const afterDown = await tableNames(db);
    await migrator.up();
    const afterSecondUp = await tableNames(db);

    expect(afterFirstUp).toEqual(
      expect.arrayContaining([
        'users',
        'books',
        'orders',
        'order_lines',
        'payments',
        'deliveries',
        'outbox_events',
        'refresh_tokens',
        'idempotency_records',
        'login_throttles',
        'delivery_providers',
      ]),
    );
    expect(afterDown).toEqual(['schema_migrations']);
    expect(afterSecondUp).toEqual(afterFirstUp);
  });

  test('when migrated twice, then the second run applies nothing', async () => {
    const migrator = createMigrator(db.sequelize);
    await migrator.up();

    const second = await migrator.up();

    expect(second).toEqual([]);
    await expect(assertSchemaCurrent(db.sequelize)).resolves.toBeUndefined();
  });

  test('when a migration is pending, then the start-up check says to run npm run migrate', async () => {
    const migrator = createMigrator(db.sequelize);
    await migrator.down({ to: 0 });

    const check = assertSchemaCurrent(db.sequelize);

    await expect(check).rejects.toThrow(SchemaOutdatedError);
    await expect(assertSchemaCurrent(db.sequelize)).rejects.toThrow(/npm run migrate/);
    await migrator.up();
  });

  test('when the search columns are added to books that exist, then they are backfilled in search form', async () => {
    const migrator = createMigrator(db.sequelize);
    await migrator.down({ to: 0 });
    await migrator.up({ to: '0001-initial-schema' });
    const now = new Date();
    await db.sequelize.getQueryInterface().bulkInsert('users', [
      {
        name: 'Seller',
        email: 'seller@backfill.test',
        password_hash: 'x',
        role: 'customer',
        created_at: now,
        updated_at: now,
      },
    ]);
    const book = (title: string, author: string, category: string | null) => ({
      seller_id: 1,
      title,
      author,
      description: '',
      condition: 'good',
      category,
      price_cents: 100,
      currency: 'USD',
      stock: 1,
      created_at: now,
      updated_at: now,
    });
    await db.sequelize
      .getQueryInterface()
      .bulkInsert('books', [
        book('Cartas de Tomás', 'Rosa VARGAS', 'Poesía'),
        book('Ñandú', 'Anónimo', null),
      ]);

    await migrator.up();
    const rows = await db.sequelize.query(
      'SELECT title_search, author_search, category_search FROM books ORDER BY id',
      { type: QueryTypes.SELECT },
    );

    expect(rows).toEqual([
      { title_search: 'cartas de tomas', author_search: 'rosa vargas', category_search: 'poesia' },
      { title_search: 'nandu', author_search: 'anonimo', category_search: null },
    ]);
  });
});
