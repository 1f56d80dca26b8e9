import { QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import { openTestDatabase } from '../support/test-database';
import { createBook, createUser, unique } from '../support/factories';

/** Raw SQL, so the guarantees are the database's own and not the models'. */
async function run(db: Database, sql: string, replacements: unknown[]): Promise<void> {
  await db.sequelize.query(sql, { replacements, type: QueryTypes.RAW });
}

async function insertOrder(db: Database, buyerId: number): Promise<number> {
  const order = await db.models.Order.create({
    buyerId,
    status: 'pending_payment',
    totalCents: 1000,
    expiresAt: new Date(Date.now() + 60_000),
  });
  return order.id;
}

describe('guarantees the database gives whatever the application does', () => {
  let db: Database;

  beforeAll(() => {
    db = openTestDatabase();
  });

  afterAll(() => db.close());

  test('when stock would go below zero by a direct UPDATE, then the database refuses it', async () => {
    const seller = await createUser(db);
    const book = await createBook(db, seller.id, { stock: 1 });

    const update = run(db, 'UPDATE books SET stock = stock - 2 WHERE id = ?', [book.id]);

    await expect(update).rejects.toThrow();
    const [row] = await db.sequelize.query<{ stock: number }>(
      'SELECT stock FROM books WHERE id = ?',
      {
        replacements: [book.id],
        type: QueryTypes.SELECT,
      },
    );
    expect(Number(row?.stock)).toBe(1);
  });

  test('when a second account uses the same email in another case, then the database refuses it', async () => {
    const email = `${unique('case')}@example.test`;
    const now = new Date();
    await run(
      db,
      'INSERT INTO users (name, email, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ['A', email, 'x', 'customer', now, now],
    );

    const duplicate = run(
      db,
      'INSERT INTO users (name, email, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ['B', email.toUpperCase(), 'x', 'customer', now, now],
    );

    await expect(duplicate).rejects.toThrow();
    const count = await db.models.User.count({
      where: db.sequelize.where(db.sequelize.fn('lower', db.sequelize.col('email')), email),
    });
    expect(count).toBe(1);
  });

  test('when an order gets a second captured payment, then the database refuses it', async () => {
    const buyer = await createUser(db);
    const orderId = await insertOrder(db, buyer.id);
    const now = new Date();
    const insert = (reference: string) =>
      run(
        db,
        'INSERT INTO payments (order_id, method, amount_cents, currency, status, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [orderId, 'paypal', 1000, 'USD', 'captured', reference, now],
      );
    await insert(unique('pay'));

    const second = insert(unique('pay'));

    await expect(second).rejects.toThrow();
    expect(await db.models.Payment.count({ where: { orderId } })).toBe(1);
  });

  test('when an order gets a second delivery, then the database refuses it', async () => {
    const buyer = await createUser(db);
    const orderId = await insertOrder(db, buyer.id);
    const provider = await db.models.DeliveryProvider.create({
      name: unique('Courier'),
      coverage: 'national',
      costCents: 900,
    });
    const insert = () =>
      db.models.Delivery.create({
        orderId,
        providerId: provider.id,
        costCents: 900,
        trackingNumber: unique('TRK'),
      });
    await insert();

    await expect(insert()).rejects.toThrow();
    expect(await db.models.Delivery.count({ where: { orderId } })).toBe(1);
  });

  test('when a book names a seller that does not exist, then the foreign key refuses it', async () => {
    const orphan = createBook(db, 987654321);

    await expect(orphan).rejects.toThrow();
  });

  test('when an order line has a quantity of zero, then the database refuses it', async () => {
    const seller = await createUser(db);
    const book = await createBook(db, seller.id);
    const orderId = await insertOrder(db, seller.id);

    const line = db.models.OrderLine.create({
      orderId,
      bookId: book.id,
      title: book.title,
      author: book.author,
      unitPriceCents: 100,
      quantity: 0,
    });

    await expect(line).rejects.toThrow();
  });
});
