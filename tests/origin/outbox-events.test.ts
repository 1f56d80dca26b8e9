import request from 'supertest';
import { expireOverdueOrders } from '../../origin/orders/expire-overdue-orders';
import {
  checkoutBody,
  providerId,
  cancelOrder,
  createCaller,
  createSellerWithBook,
  eventsOf,
  payOrder,
  placeOrder,
  startOriginTestApp,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

describe('the transactional outbox', () => {
  test('when an order goes through every state change, then each change wrote exactly one event with its own event id', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const placed = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(harness, [{ bookId: book.id, quantity: 1 }], {
          deliveryProviderId: providerId(harness, 'Envia'),
        }),
      );
    const order = placed.body.order as { id: number };
    await payOrder(harness, buyer, order.id);

    const events = await eventsOf(harness.db, order.id);

    expect(events.map((event) => event.type)).toEqual([
      'order.placed',
      'order.paid',
      'delivery.assigned',
    ]);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(3);
    expect(events[2]?.payload).toMatchObject({
      orderId: order.id,
      providerName: 'Envia',
      trackingNumber: expect.stringMatching(/^ENVIA-/),
    });
  });

  test('when orders are cancelled or expire, then each wrote one event naming the stock returned', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const cancelled = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 2 }]);
    await cancelOrder(harness, buyer, cancelled.id);
    const expired = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await expireOverdueOrders(harness.ctx, new Date(new Date(expired.expiresAt).getTime() + 1000));

    const cancelledEvents = await eventsOf(harness.db, cancelled.id);
    const expiredEvents = await eventsOf(harness.db, expired.id);

    expect(cancelledEvents.map((event) => event.type)).toEqual(['order.placed', 'order.cancelled']);
    expect(cancelledEvents[1]?.payload).toMatchObject({
      lines: [{ bookId: book.id, quantity: 2 }],
    });
    expect(expiredEvents.map((event) => event.type)).toEqual(['order.placed', 'order.expired']);
  });

  test('when a refused or failed change rolls back, then it wrote no event', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 1 });
    const buyer = await createCaller(harness);
    const eventsBefore = await harness.db.models.OutboxEvent.count();

    const outOfStock = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(checkoutBody(harness, [{ bookId: book.id, quantity: 2 }]));
    const declined = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    const decline = await request(harness.app)
      .post(`/api/v1/orders/${declined.id}/payment`)
      .set('authorization', buyer.authorization)
      .send({ method: 'paypal', simulate: 'decline' });

    expect(outOfStock.status).toBe(409);
    expect(decline.status).toBe(402);
    expect(await harness.db.models.OutboxEvent.count()).toBe(eventsBefore + 1);
    expect((await eventsOf(harness.db, declined.id)).map((event) => event.type)).toEqual([
      'order.placed',
    ]);
  });

  test('when the database refuses a write after the status changed, then the status change and its event roll back together', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    // A payment written behind the application's back: the app's own insert will now violate the
    // unique order id after it has already moved the order to paid inside its transaction.
    await harness.db.models.Payment.create({
      orderId: order.id,
      method: 'paypal',
      amountCents: 1,
      reference: `manual-${order.id}`,
    });

    const response = await request(harness.app)
      .post(`/api/v1/orders/${order.id}/payment`)
      .set('authorization', buyer.authorization)
      .send({ method: 'credit_card' });

    expect(response.status).toBe(409);
    expect((await harness.db.models.Order.findByPk(order.id))?.status).toBe('pending_payment');
    expect((await eventsOf(harness.db, order.id)).map((event) => event.type)).toEqual([
      'order.placed',
    ]);
  });
});
