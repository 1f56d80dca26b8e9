import request from 'supertest';
import {
  cancelOrder,
  createCaller,
  createSellerWithBook,
  eventsOf,
  placeOrder,
  providerId,
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

const pay = (authorization: string, orderId: number, body: unknown) =>
  request(harness.app)
    .post(`/api/v1/orders/${orderId}/payment`)
    .set('authorization', authorization)
    .send(body as object);

describe('POST /api/v1/orders/{id}/payment', () => {
  test('when the buyer pays, then the whole total (books and delivery) is captured and the chosen delivery is booked in the same step', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5, priceCents: 1999 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 2 }]);
    // Servientrega, the default of the test checkout, costs 1500.
    expect(order.totalCents).toBe(3998 + 1500);

    const response = await pay(buyer.authorization, order.id, { method: 'credit_card' });

    expect(response.status).toBe(201);
    const trackingNumber = expect.stringMatching(/^SERVIENTREGA-[2-9A-HJ-NP-Z]{12}$/) as unknown;
    expect(response.body.order).toMatchObject({
      id: order.id,
      status: 'delivery_assigned',
      subtotalCents: 3998,
      deliveryCostCents: 1500,
      totalCents: 5498,
      payment: {
        method: 'credit_card',
        amountCents: 5498,
        currency: 'USD',
        status: 'captured',
        reference: expect.stringMatching(/^pay_[0-9a-f]{32}$/),
      },
      delivery: {
        providerId: providerId(harness, 'Servientrega'),
        providerName: 'Servientrega',
        costCents: 1500,
        trackingNumber,
      },
    });
    const events = await eventsOf(harness.db, order.id);
    expect(events.map((event) => event.type)).toEqual([
      'order.placed',
      'order.paid',
      'delivery.assigned',
    ]);
    expect(events[1]?.payload).toMatchObject({ amountCents: 5498 });
    expect(events[2]?.payload).toMatchObject({
      orderId: order.id,
      providerName: 'Servientrega',
      trackingNumber: response.body.order.delivery.trackingNumber,
    });
    const booked = await harness.db.models.Delivery.findOne({ where: { orderId: order.id } });
    expect(booked?.trackingNumber).toBe(response.body.order.delivery.trackingNumber);
    expect(await stockOf(harness.db, book.id)).toBe(3);
  });

  test('when an order placed before checkout chose a delivery is paid, then it is paid for its books and stays paid without a booking', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5, priceCents: 1000 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    // What migration 0002 leaves on an older order: no provider, no delivery cost, no address.
    await harness.db.models.Order.update(
      {
        totalCents: 1000,
        deliveryCostCents: 0,
        deliveryProviderId: null,
        shipName: null,
        shipLine1: null,
        shipCity: null,
        shipPostalCode: null,
        shipCountry: null,
        shipRegion: null,
      },
      { where: { id: order.id } },
    );

    const response = await pay(buyer.authorization, order.id, { method: 'paypal' });

    expect(response.status).toBe(201);
    expect(response.body.order).toMatchObject({
      status: 'paid',
      subtotalCents: 1000,
      deliveryCostCents: 0,
      totalCents: 1000,
      shippingAddress: null,
      delivery: null,
      payment: { amountCents: 1000 },
    });
  });

  test.each(['paypal', 'bank_transfer'])(
    'when the buyer pays with %s, then it is captured',
    async (method) => {
      const { book } = await createSellerWithBook(harness);
      const buyer = await createCaller(harness);
      const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

      const response = await pay(buyer.authorization, order.id, { method });

      expect(response.status).toBe(201);
      expect(response.body.order.payment.method).toBe(method);
    },
  );

  test('when the simulator is told to decline, then it is a 402, nothing is captured and the order can still be paid', async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const declined = await pay(buyer.authorization, order.id, {
      method: 'credit_card',
      simulate: 'decline',
    });
    const stateAfterDecline = (await harness.db.models.Order.findByPk(order.id))?.status;
    const paymentsAfterDecline = await harness.db.models.Payment.count({
      where: { orderId: order.id },
    });
    const retry = await pay(buyer.authorization, order.id, { method: 'credit_card' });

    expect(declined.status).toBe(402);
    expect(declined.body.type).toMatch(/payment-declined$/);
    expect(stateAfterDecline).toBe('pending_payment');
    expect(paymentsAfterDecline).toBe(0);
    expect(retry.status).toBe(201);
  });

  test('when the body names an amount, an unknown method or nothing, then it is a 400 and nothing is captured', async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const withAmount = await pay(buyer.authorization, order.id, {
      method: 'paypal',
      amountCents: 100,
    });
    const unknownMethod = await pay(buyer.authorization, order.id, { method: 'cash' });
    const empty = await pay(buyer.authorization, order.id, {});

    expect(withAmount.status).toBe(400);
    expect(withAmount.body.errors).toEqual([
      { path: 'amountCents', message: 'is not an accepted field' },
    ]);
    expect(unknownMethod.status).toBe(400);
    expect(unknownMethod.body.errors).toEqual([expect.objectContaining({ path: 'method' })]);
    expect(empty.status).toBe(400);
    expect(await harness.db.models.Payment.count({ where: { orderId: order.id } })).toBe(0);
  });

  test('when the order is already paid or cancelled, then it is a 409 and no second payment exists', async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const paid = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await pay(buyer.authorization, paid.id, { method: 'paypal' });
    const cancelled = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await cancelOrder(harness, buyer, cancelled.id);

    const payTwice = await pay(buyer.authorization, paid.id, { method: 'paypal' });
    const payCancelled = await pay(buyer.authorization, cancelled.id, { method: 'paypal' });

    expect(payTwice.status).toBe(409);
    expect(payTwice.body.detail).toBe('This order is delivery assigned and cannot be paid.');
    expect(payCancelled.status).toBe(409);
    expect(
      await harness.db.models.Payment.count({ where: { orderId: [paid.id, cancelled.id] } }),
    ).toBe(1);
  });

  test("when someone pays another user's order, then it is a 404 and nothing changes", async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const stranger = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const response = await pay(stranger.authorization, order.id, { method: 'paypal' });
    const missing = await pay(stranger.authorization, 2_000_000_000, { method: 'paypal' });

    expect(response.status).toBe(404);
    expect(missing.status).toBe(404);
    expect({ type: response.body.type, detail: response.body.detail }).toEqual({
      type: missing.body.type,
      detail: missing.body.detail,
    });
    expect((await harness.db.models.Order.findByPk(order.id))?.status).toBe('pending_payment');
    expect(await harness.db.models.Payment.count({ where: { orderId: order.id } })).toBe(0);
  });

  test('when two payments of one order arrive at once, then exactly one payment is captured', async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const responses = await Promise.all(
      ['credit_card', 'paypal', 'bank_transfer', 'credit_card'].map((method) =>
        sendJson(harness, 'POST', `/api/v1/orders/${order.id}/payment`, {
          authorization: buyer.authorization,
          body: { method },
        }),
      ),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await harness.db.models.Payment.count({ where: { orderId: order.id } })).toBe(1);
    expect(
      (await eventsOf(harness.db, order.id)).filter((event) => event.type === 'order.paid'),
    ).toHaveLength(1);
  });
});

describe('POST /api/v1/orders/{id}/delivery (retired)', () => {
  test('when an old client assigns a delivery after paying, then it is a 410 problem saying delivery is chosen at checkout, and the order is unchanged', async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const response = await request(harness.app)
      .post(`/api/v1/orders/${order.id}/delivery`)
      .set('authorization', buyer.authorization)
      .send({ providerId: providerId(harness, 'DHL') });

    expect(response.status).toBe(410);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: expect.stringMatching(/delivery-route-retired$/),
      status: 410,
      detail: expect.stringContaining('deliveryProviderId'),
    });
    expect((await harness.db.models.Order.findByPk(order.id))?.status).toBe('pending_payment');
  });
});
