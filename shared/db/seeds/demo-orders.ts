import { QueryTypes } from 'sequelize';
import type { Database } from '../create-database';
import type { OrderStatus } from '../../domain/order-states';
import { random } from './book-generator';

// Orders per batch: four multi-row INSERTs (orders, lines, payments, deliveries) of this many rows.
const INSERT_CHUNK = 2000;

/** The states of the seeded orders, as often as a shop sees them: most are paid and shipped. */
const STATES: readonly OrderStatus[] = [
  'delivery_assigned',
  'delivery_assigned',
  'delivery_assigned',
  'delivery_assigned',
  'delivery_assigned',
  'pending_payment',
  'cancelled',
  'expired',
];

/**
 * Tops the demo buyer's orders up to `count`: one line each, on a random book of the demo seller's,
 * in every state, with the payment and the booked delivery the real flow writes for a paid order.
 * Written as raw multi-row inserts (half a million orders in minutes); stock is not reserved, as
 * the books are demo books. Running it again with the same count changes nothing.
 */
export async function seedDemoOrders(
  db: Database,
  count: number,
  accounts: { buyerId: number; sellerId: number },
): Promise<number> {
  const { sequelize } = db;
  const select = <Row extends object>(sql: string, replacements: unknown[] = []) =>
    sequelize.query<Row>(sql, { type: QueryTypes.SELECT, replacements });
  const [existing] = await select<{ orders: number }>(
    'SELECT COUNT(*) AS orders FROM orders WHERE buyer_id = ?',
    [accounts.buyerId],
  );
  const missing = count - Number(existing?.orders ?? 0);
  if (missing <= 0) return 0;
  const books = await select<{ id: number; title: string; author: string; priceCents: number }>(
    'SELECT id, title, author, price_cents AS priceCents FROM books WHERE seller_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 100000',
    [accounts.sellerId],
  );
  const providers = await select<{ id: number; name: string; costCents: number }>(
    'SELECT id, name, cost_cents AS costCents FROM delivery_providers ORDER BY id',
  );
  if (books.length === 0 || providers.length === 0)
    throw new Error('seed the books and the delivery providers before the orders');
  const [last] = await select<{ id: number | null }>('SELECT MAX(id) AS id FROM orders');
  let nextId = Number(last?.id ?? 0) + 1;
  const next = random(nextId);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const start = Date.now() - missing * 60_000;
  const queryInterface = sequelize.getQueryInterface();
  for (let done = 0; done < missing; done += INSERT_CHUNK) {
    type Row = Record<string, unknown>;
    const orders: Row[] = [];
    const lines: Row[] = [];
    const payments: Row[] = [];
    const deliveries: Row[] = [];
    for (let n = done; n < Math.min(missing, done + INSERT_CHUNK); n += 1) {
      const id = nextId;
      nextId += 1;
      const book = pick(books);
      const provider = pick(providers);
      const status = pick(STATES);
      const quantity = 1 + Math.floor(next() * 2);
      const totalCents = book.priceCents * quantity + provider.costCents;
      // One order a minute up to now, so the newest pages hold recent orders.
      const createdAt = new Date(start + n * 60_000);
      const paid = status === 'delivery_assigned';
      orders.push({
        id,
        buyer_id: accounts.buyerId,
        status,
        total_cents: totalCents,
        currency: 'USD',
        expires_at: new Date(
          createdAt.getTime() + (status === 'pending_payment' ? 86_400_000 : 900_000),
        ),
        created_at: createdAt,
        updated_at: createdAt,
        delivery_cost_cents: provider.costCents,
        delivery_provider_id: provider.id,
        ship_name: 'Demo Buyer',
        ship_line1: 'Calle 1 # 2-3',
        ship_city: 'Bogotá',
        ship_postal_code: '110111',
        ship_country: 'CO',
      });
      lines.push({
        order_id: id,
        book_id: book.id,
        seller_id: accounts.sellerId,
        title: book.title,
        author: book.author,
        unit_price_cents: book.priceCents,
        quantity,
      });
      if (!paid) continue;
      payments.push({
        order_id: id,
        method: 'credit_card',
        amount_cents: totalCents,
        currency: 'USD',
        status: 'captured',
        reference: `pay_seed_${id}`,
        created_at: createdAt,
      });
      deliveries.push({
        order_id: id,
        provider_id: provider.id,
        cost_cents: provider.costCents,
        currency: 'USD',
        tracking_number: `SEED-${provider.id}-${id}`,
        created_at: createdAt,
      });
    }
    await sequelize.transaction(async (transaction) => {
      await queryInterface.bulkInsert('orders', orders, { transaction });
      await queryInterface.bulkInsert('order_lines', lines, { transaction });
      if (payments.length > 0)
        await queryInterface.bulkInsert('payments', payments, { transaction });
      if (deliveries.length > 0)
        await queryInterface.bulkInsert('deliveries', deliveries, { transaction });
    });
  }
  return missing;
}
