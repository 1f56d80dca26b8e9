import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import { createOrderRepository } from '../../origin/orders/order-repository';
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
        'processed_events',
        'cover_objects',
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

  test('when 0002 is applied over orders placed before it, then they read as before: books-only total, no address, the delivery booked after payment', async () => {
    const migrator = createMigrator(db.sequelize);
    await migrator.down({ to: 0 });
    await migrator.up({ to: '0001-initial-schema' });
    const now = new Date();
    // The rows an 0001 schema holds, written with raw inserts (the models know 0002's columns).
    const insert = (table: string, row: Record<string, unknown>) =>
      db.sequelize.getQueryInterface().bulkInsert(table, [row]);
    await insert('users', {
      id: 1,
      name: 'Old Buyer',
      email: 'old@example.test',
      password_hash: 'x',
      role: 'customer',
      created_at: now,
      updated_at: now,
    });
    await insert('books', {
      id: 1,
      seller_id: 1,
      title: 'Old Book',
      author: 'Old Author',
      description: '',
      condition: 'good',
      price_cents: 1000,
      currency: 'USD',
      stock: 1,
      created_at: now,
      updated_at: now,
    });
    await insert('delivery_providers', {
      id: 1,
      name: 'DHL',
      coverage: 'international',
      cost_cents: 5000,
      currency: 'USD',
      created_at: now,
      updated_at: now,
    });
    await insert('orders', {
      id: 1,
      buyer_id: 1,
      status: 'delivery_assigned',
      total_cents: 1000,
      currency: 'USD',
      expires_at: now,
      created_at: now,
      updated_at: now,
    });
    await insert('order_lines', {
      id: 1,
      order_id: 1,
      book_id: 1,
      title: 'Old Book',
      author: 'Old Author',
      unit_price_cents: 1000,
      quantity: 1,
    });
    await insert('payments', {
      id: 1,
      order_id: 1,
      method: 'paypal',
      amount_cents: 1000,
      currency: 'USD',
      status: 'captured',
      reference: 'pay_old',
      created_at: now,
    });
    await insert('deliveries', {
      id: 1,
      order_id: 1,
      provider_id: 1,
      cost_cents: 5000,
      currency: 'USD',
      tracking_number: 'DHL-OLD',
      created_at: now,
    });

    await migrator.up();
    const order = await createOrderRepository(db).find(1);

    expect(order).toMatchObject({
      status: 'delivery_assigned',
      subtotalCents: 1000,
      deliveryCostCents: 0,
      totalCents: 1000,
      shippingAddress: null,
      payment: { amountCents: 1000 },
      delivery: { providerId: 1, providerName: 'DHL', costCents: 5000, trackingNumber: 'DHL-OLD' },
    });
    expect(order?.lines).toHaveLength(1);
  });

  test('when 0010 and 0011 are applied over books and orders that exist, then ß is written out in the search columns and each line gets its seller', async () => {
    const migrator = createMigrator(db.sequelize);
    // The rows of the test before would stop SQLite from rebuilding books on the way down.
    for (const table of ['deliveries', 'payments', 'order_lines', 'orders', 'books', 'users'])
      await db.sequelize.query(`DELETE FROM ${table}`);
    await migrator.down({ to: 0 });
    await migrator.up({ to: '0008-processed-events' });
    const now = new Date();
    const insert = (table: string, rows: Array<Record<string, unknown>>) =>
      db.sequelize.getQueryInterface().bulkInsert(table, rows);
    const user = (id: number) => ({
      id,
      name: `User ${id}`,
      email: `user${id}@backfill.test`,
      password_hash: 'x',
      role: 'customer',
      created_at: now,
      updated_at: now,
    });
    await insert('users', [user(1), user(2), user(3)]);
    const book = (id: number, sellerId: number, title: string) => ({
      id,
      seller_id: sellerId,
      title,
      author: 'Anon',
      description: '',
      condition: 'good',
      price_cents: 100,
      currency: 'USD',
      stock: 1,
      title_search: title.toLowerCase(),
      author_search: 'anon',
      created_at: now,
      updated_at: now,
    });
    await insert('books', [book(1, 1, 'Die Straße'), book(2, 2, 'Plain')]);
    await insert('orders', [
      {
        id: 1,
        buyer_id: 3,
        status: 'paid',
        total_cents: 200,
        currency: 'USD',
        expires_at: now,
        created_at: now,
        updated_at: now,
      },
    ]);
    const line = (id: number, bookId: number) => ({
      id,
      order_id: 1,
      book_id: bookId,
      title: 't',
      author: 'a',
      unit_price_cents: 100,
      quantity: 1,
    });
    await insert('order_lines', [line(1, 1), line(2, 2)]);

    await migrator.up();
    const titles = await db.sequelize.query('SELECT title_search FROM books ORDER BY id', {
      type: QueryTypes.SELECT,
    });
    const sellers = await db.sequelize.query('SELECT seller_id FROM order_lines ORDER BY id', {
      type: QueryTypes.SELECT,
    });

    expect(titles).toEqual([{ title_search: 'die strasse' }, { title_search: 'plain' }]);
    expect(sellers).toEqual([{ seller_id: 1 }, { seller_id: 2 }]);
  });
});
