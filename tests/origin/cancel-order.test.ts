import request from 'supertest';
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

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

describe('POST /api/v1/orders/{id}/cancel', () => {
  test('when the buyer cancels an order pending payment, then it is cancelled, its stock returns and order.cancelled is written', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 3 }]);

    const response = await request(harness.app)
      .post(`/api/v1/orders/${order.id}/cancel`)
      .set('authorization', buyer.authorization);

    expect(response.status).toBe(200);
    expect(response.body.order).toMatchObject({ id: order.id, status: 'cancelled' });
    expect(await stockOf(harness.db, book.id)).toBe(5);
    expect((await eventsOf(harness.db, order.id)).map((event) => event.type)).toEqual([
      'order.placed',
      'order.cancelled',
    ]);
  });

  test('when the order is already paid or cancelled, then it is a 409 and stock is untouched', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const paid = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await payOrder(harness, buyer, paid.id);
    const cancelled = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await cancelOrder(harness, buyer, cancelled.id);

    const cancelPaid = await request(harness.app)
      .post(`/api/v1/orders/${paid.id}/cancel`)
      .set('authorization', buyer.authorization);
    const cancelAgain = await request(harness.app)
      .post(`/api/v1/orders/${cancelled.id}/cancel`)
      .set('authorization', buyer.authorization);

    expect(cancelPaid.status).toBe(409);
    expect(cancelPaid.body.detail).toBe('This order is delivery assigned and cannot be cancelled.');
    expect(cancelAgain.status).toBe(409);
    expect(await stockOf(harness.db, book.id)).toBe(4);
  });

  test("when someone cancels another user's order, then it is a 404 and nothing changes", async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const stranger = await createCaller(harness);
    const admin = await createCaller(harness, 'admin');
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 2 }]);

    const byStranger = await request(harness.app)
      .post(`/api/v1/orders/${order.id}/cancel`)
      .set('authorization', stranger.authorization);
    const byAdmin = await request(harness.app)
      .post(`/api/v1/orders/${order.id}/cancel`)
      .set('authorization', admin.authorization);

    expect(byStranger.status).toBe(404);
    expect(byAdmin.status).toBe(404);
    expect((await harness.db.models.Order.findByPk(order.id))?.status).toBe('pending_payment');
    expect(await stockOf(harness.db, book.id)).toBe(3);
  });

  test('when the order id is not a positive integer or the body has fields, then it is a 400', async () => {
    const buyer = await createCaller(harness);

    const badId = await request(harness.app)
      .post('/api/v1/orders/abc/cancel')
      .set('authorization', buyer.authorization);
    const withBody = await request(harness.app)
      .post('/api/v1/orders/1/cancel')
      .set('authorization', buyer.authorization)
      .send({ refund: true });

    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ path: 'id', message: 'must be a positive whole number' }]);
    expect(withBody.status).toBe(400);
    expect(withBody.body.errors).toEqual([{ path: 'refund', message: 'is not an accepted field' }]);
  });

  test('when the buyer sends many cancels at once, then exactly one wins and the stock comes back once', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 10 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 4 }]);

    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        sendJson(harness, 'POST', `/api/v1/orders/${order.id}/cancel`, {
          authorization: buyer.authorization,
        }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    expect(await stockOf(harness.db, book.id)).toBe(10);
    expect(
      (await eventsOf(harness.db, order.id)).filter((event) => event.type === 'order.cancelled'),
    ).toHaveLength(1);
  });

  test('when a cancel and a payment race, then exactly one wins and stock matches the winner', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 10 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 4 }]);

    const [cancel, payment] = await Promise.all([
      sendJson(harness, 'POST', `/api/v1/orders/${order.id}/cancel`, {
        authorization: buyer.authorization,
      }),
      sendJson(harness, 'POST', `/api/v1/orders/${order.id}/payment`, {
        authorization: buyer.authorization,
        body: { method: 'credit_card' },
      }),
    ]);

    const cancelWon = cancel.status === 200;
    expect(cancelWon ? payment.status : cancel.status).toBe(409);
    expect(cancelWon ? cancel.status : payment.status).toBe(cancelWon ? 200 : 201);
    const status = (await harness.db.models.Order.findByPk(order.id))?.status;
    expect(status).toBe(cancelWon ? 'cancelled' : 'delivery_assigned');
    const payments = await harness.db.models.Payment.count({ where: { orderId: order.id } });
    if (status === 'cancelled') {
      expect(payments).toBe(0);
      expect(await stockOf(harness.db, book.id)).toBe(10);
    } else {
      expect(payments).toBe(1);
      expect(await stockOf(harness.db, book.id)).toBe(6);
    }
  });
});
