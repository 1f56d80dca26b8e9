import { expireOverdueOrders } from '../../origin/orders/expire-overdue-orders';
import {
  cancelOrder,
  createCaller,
  createSellerWithBook,
  eventsOf,
  payOrder,
  placeOrder,
  sendJson,
  startOriginTestApp,
  stockOf,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;
// The app's clock, moved forward by tests that need an order to be overdue without waiting.
let clockOffsetMs = 0;

beforeAll(async () => {
  harness = await startOriginTestApp({ now: () => new Date(Date.now() + clockOffsetMs) });
});

afterEach(() => {
  clockOffsetMs = 0;
});

afterAll(async () => {
  await harness.close();
});

const afterExpiry = (order: { expiresAt: string }) =>
  new Date(new Date(order.expiresAt).getTime() + 1000);

describe('expiry of unpaid orders', () => {
  test('when an unpaid order is past its time, then the sweeper expires it, returns its stock and writes order.expired', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 2 }]);

    const expired = await expireOverdueOrders(harness.ctx, afterExpiry(order));

    expect(expired).toBeGreaterThanOrEqual(1);
    expect((await harness.db.models.Order.findByPk(order.id))?.status).toBe('expired');
    expect(await stockOf(harness.db, book.id)).toBe(5);
    expect((await eventsOf(harness.db, order.id)).map((event) => event.type)).toEqual([
      'order.placed',
      'order.expired',
    ]);
  });

  test('when orders are paid, cancelled or not yet due, then the sweeper leaves them alone', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 10 });
    const buyer = await createCaller(harness);
    const paid = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await payOrder(harness, buyer, paid.id);
    const cancelled = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await cancelOrder(harness, buyer, cancelled.id);
    const pending = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    await expireOverdueOrders(harness.ctx, new Date(new Date(pending.expiresAt).getTime() - 1000));

    const statuses = await harness.db.models.Order.findAll({
      where: { id: [paid.id, cancelled.id, pending.id] },
      order: [['id', 'ASC']],
    });
    expect(statuses.map((row) => row.status)).toEqual([
      'delivery_assigned',
      'cancelled',
      'pending_payment',
    ]);
    expect(await stockOf(harness.db, book.id)).toBe(8);
  });

  test('when several sweepers run at once, then each order is expired once and its stock returned once', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 20 });
    const buyers = await Promise.all(Array.from({ length: 5 }, () => createCaller(harness)));
    const orders = [];
    for (const buyer of buyers)
      orders.push(await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 2 }]));
    const now = afterExpiry(orders.at(-1)!);

    await Promise.all(Array.from({ length: 4 }, () => expireOverdueOrders(harness.ctx, now)));

    expect(await stockOf(harness.db, book.id)).toBe(20);
    for (const order of orders) {
      expect(
        (await eventsOf(harness.db, order.id)).filter((event) => event.type === 'order.expired'),
      ).toHaveLength(1);
    }
  });

  test('when expiry races a payment, then exactly one wins and the books are counted once', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 30 });
    const buyers = await Promise.all(Array.from({ length: 6 }, () => createCaller(harness)));
    const orders = [];
    for (const buyer of buyers)
      orders.push(await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 3 }]));

    // The sweeper believes the orders are overdue while the app still lets them be paid: both are
    // allowed to try, and only the conditional status change decides.
    const [, ...payments] = await Promise.all([
      expireOverdueOrders(harness.ctx, afterExpiry(orders.at(-1)!)),
      ...orders.map((order, index) =>
        sendJson(harness, 'POST', `/api/v1/orders/${order.id}/payment`, {
          authorization: buyers[index]!.authorization,
          body: { method: 'paypal' },
        }),
      ),
    ]);

    let stillReserved = 0;
    for (const [index, order] of orders.entries()) {
      const status = (await harness.db.models.Order.findByPk(order.id))?.status;
      const paymentCount = await harness.db.models.Payment.count({ where: { orderId: order.id } });
      const types = (await eventsOf(harness.db, order.id)).map((event) => event.type);
      if (status === 'delivery_assigned') {
        expect(payments[index]?.status).toBe(201);
        expect(paymentCount).toBe(1);
        expect(types).toEqual(['order.placed', 'order.paid', 'delivery.assigned']);
        stillReserved += 3;
      } else {
        expect(status).toBe('expired');
        expect(payments[index]?.status).toBe(409);
        expect(paymentCount).toBe(0);
        expect(types).toEqual(['order.placed', 'order.expired']);
      }
    }
    expect(await stockOf(harness.db, book.id)).toBe(30 - stillReserved);
  });

  test('when the buyer pays after the time ran out but before the sweeper ran, then it is a 409 and nothing is captured', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    clockOffsetMs = afterExpiry(order).getTime() - Date.now();

    const response = await sendJson(harness, 'POST', `/api/v1/orders/${order.id}/payment`, {
      authorization: buyer.authorization,
      body: { method: 'paypal' },
    });

    expect(response.status).toBe(409);
    expect(response.body.type).toMatch(/order-expired$/);
    expect(await harness.db.models.Payment.count({ where: { orderId: order.id } })).toBe(0);
  });
});
