import request from 'supertest';
import { createBook } from '../support/factories';
import {
  ADDRESS_IN_CO,
  cancelOrder,
  payOrder,
  placeOrder,
  checkoutBody,
  providerId,
  createCaller,
  createSellerWithBook,
  eventsOf,
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

describe('POST /api/v1/orders', () => {
  test('when a buyer checks out a cart, then the order is pending payment with prices from the database and stock reserved', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 5, priceCents: 1250 });
    const second = await createBook(harness.db, seller.id, { stock: 3, priceCents: 800 });
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(harness, [
          { bookId: book.id, quantity: 2 },
          { bookId: second.id, quantity: 1 },
        ]),
      );

    expect(response.status).toBe(201);
    const { order } = response.body;
    expect(response.headers.location).toBe(`/api/v1/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'pending_payment',
      subtotalCents: 2 * 1250 + 800,
      // Servientrega, the test checkout's default provider, costs 1500.
      deliveryCostCents: 1500,
      totalCents: 2 * 1250 + 800 + 1500,
      currency: 'USD',
      shippingAddress: { ...ADDRESS_IN_CO, line2: null },
      payment: null,
      delivery: {
        providerId: providerId(harness, 'Servientrega'),
        providerName: 'Servientrega',
        costCents: 1500,
        trackingNumber: null,
      },
      lines: [
        {
          bookId: book.id,
          title: book.title,
          author: book.author,
          unitPriceCents: 1250,
          quantity: 2,
          lineTotalCents: 2500,
        },
        {
          bookId: second.id,
          title: second.title,
          author: second.author,
          unitPriceCents: 800,
          quantity: 1,
          lineTotalCents: 800,
        },
      ],
    });
    expect(new Date(order.expiresAt).getTime()).toBeGreaterThan(
      new Date(order.createdAt).getTime(),
    );
    expect(await stockOf(harness.db, book.id)).toBe(3);
    expect(await stockOf(harness.db, second.id)).toBe(2);
  });

  test('when an order is placed, then its answer is byte for byte what reading the order back answers', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 5, priceCents: 1250 });
    const second = await createBook(harness.db, seller.id, { stock: 3, priceCents: 800 });
    const buyer = await createCaller(harness);
    // The cart lists the higher book id first: the lines keep the cart's order, not the locks'.
    const items = [
      { bookId: second.id, quantity: 1 },
      { bookId: book.id, quantity: 2 },
    ];

    const placed = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(harness, items, {
          shippingAddress: { ...ADDRESS_IN_CO, line2: '  ', region: null },
        }),
      );
    const order = JSON.parse(placed.text).order;
    const fetched = await request(harness.app)
      .get(`/api/v1/orders/${order.id}`)
      .set('authorization', buyer.authorization);

    expect(placed.status).toBe(201);
    expect(fetched.status).toBe(200);
    expect(placed.text).toBe(fetched.text);
    expect(order.lines.map((line: { bookId: number }) => line.bookId)).toEqual([
      second.id,
      book.id,
    ]);
  });

  test('when the client sends a price, then the request is refused and nothing is reserved', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5, priceCents: 5000 });
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(checkoutBody(harness, [{ bookId: book.id, quantity: 1, unitPriceCents: 1 }]));

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'items.0.unitPriceCents', message: 'is not an accepted field' },
    ]);
    expect(await stockOf(harness.db, book.id)).toBe(5);
  });

  test('when one line of a cart cannot be served, then the whole order is refused naming that line and nothing stays reserved', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 5 });
    const scarce = await createBook(harness.db, seller.id, { stock: 1 });
    const buyer = await createCaller(harness);
    const ordersBefore = await harness.db.models.Order.count({ where: { buyerId: buyer.id } });

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(harness, [
          { bookId: book.id, quantity: 2 },
          { bookId: scarce.id, quantity: 2 },
        ]),
      );

    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: expect.stringMatching(/out-of-stock$/),
      status: 409,
      errors: [{ path: 'items.1.quantity', message: 'is more than the copies in stock' }],
    });
    expect(await stockOf(harness.db, book.id)).toBe(5);
    expect(await stockOf(harness.db, scarce.id)).toBe(1);
    expect(await harness.db.models.Order.count({ where: { buyerId: buyer.id } })).toBe(
      ordersBefore,
    );
  });

  test('when the cart names a book that does not exist or was deleted, then it is a 404 naming the line', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 5 });
    const deleted = await createBook(harness.db, seller.id, { stock: 5 });
    await harness.db.models.Book.destroy({ where: { id: deleted.id } });
    const buyer = await createCaller(harness);

    const missing = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(harness, [
          { bookId: book.id, quantity: 1 },
          { bookId: 2_000_000_000, quantity: 1 },
        ]),
      );
    const gone = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(checkoutBody(harness, [{ bookId: deleted.id, quantity: 1 }]));

    expect(missing.status).toBe(404);
    expect(missing.body.errors).toEqual([
      { path: 'items.1.bookId', message: 'is not a book for sale' },
    ]);
    expect(gone.status).toBe(404);
    expect(gone.body.errors).toEqual([
      { path: 'items.0.bookId', message: 'is not a book for sale' },
    ]);
    expect(await stockOf(harness.db, book.id)).toBe(5);
    expect(await stockOf(harness.db, deleted.id)).toBe(5);
  });

  test('when a seller orders their own book, then it is a 403 and nothing is reserved', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 5 });

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', seller.authorization)
      .send(checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]));

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      type: expect.stringMatching(/own-book$/),
      errors: [{ path: 'items.0.bookId' }],
    });
    expect(await stockOf(harness.db, book.id)).toBe(5);
  });

  test('when an order is placed, then exactly one order.placed event is written with it', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5, priceCents: 700 });
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(checkoutBody(harness, [{ bookId: book.id, quantity: 3 }]));

    const events = await eventsOf(harness.db, response.body.order.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'order.placed',
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      payload: {
        orderId: response.body.order.id,
        buyerId: buyer.id,
        subtotalCents: 2100,
        deliveryCostCents: 1500,
        totalCents: 3600,
        lines: [{ bookId: book.id, quantity: 3, unitPriceCents: 700 }],
      },
    });
  });

  test('when the order would cost more than an order can hold, then it is a 400 and nothing is reserved', async () => {
    const seller = await createCaller(harness);
    const books = await Promise.all(
      Array.from({ length: 3 }, () =>
        // Above what the API lets a seller ask, so that three single copies overflow the column.
        createBook(harness.db, seller.id, { stock: 100, priceCents: 1_000_000_000 }),
      ),
    );
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(
          harness,
          books.map((book) => ({ bookId: book.id, quantity: 1 })),
        ),
      );

    expect(response.status).toBe(400);
    expect(response.body.type).toMatch(/order-total-too-large$/);
    for (const book of books) expect(await stockOf(harness.db, book.id)).toBe(100);
  });

  test('when no access token is sent, then it is a 401', async () => {
    const response = await request(harness.app)
      .post('/api/v1/orders')
      .send(checkoutBody(harness, [{ bookId: 1, quantity: 1 }]));

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('POST /api/v1/orders: delivery chosen at checkout', () => {
  test('when an international provider ships abroad, then its cost is added to the total and the address is kept', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5, priceCents: 2000 });
    const buyer = await createCaller(harness);
    const address = {
      name: 'John Smith',
      line1: '1 Main St',
      line2: 'Apt 4',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62701',
      country: 'US',
    };

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(harness, [{ bookId: book.id, quantity: 2 }], {
          shippingAddress: address,
          deliveryProviderId: providerId(harness, 'DHL'),
        }),
      );

    expect(response.status).toBe(201);
    expect(response.body.order).toMatchObject({
      subtotalCents: 4000,
      deliveryCostCents: 5000,
      totalCents: 9000,
      shippingAddress: address,
      delivery: { providerName: 'DHL', costCents: 5000, trackingNumber: null },
    });
    const fetched = await request(harness.app)
      .get(`/api/v1/orders/${response.body.order.id}`)
      .set('authorization', buyer.authorization);
    expect(fetched.body.order).toEqual(response.body.order);
  });

  test.each([
    ['Envia', 'US'],
    ['Servientrega', 'MX'],
  ])(
    'when the national provider %s is asked to ship to %s, then it is a 400 naming deliveryProviderId and nothing is reserved',
    async (name, country) => {
      const { book } = await createSellerWithBook(harness, { stock: 5 });
      const buyer = await createCaller(harness);

      const response = await request(harness.app)
        .post('/api/v1/orders')
        .set('authorization', buyer.authorization)
        .send(
          checkoutBody(harness, [{ bookId: book.id, quantity: 1 }], {
            shippingAddress: { ...ADDRESS_IN_CO, country },
            deliveryProviderId: providerId(harness, name),
          }),
        );

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        type: expect.stringMatching(/delivery-provider-unavailable$/),
        errors: [{ path: 'deliveryProviderId', message: expect.stringContaining(country) }],
      });
      expect(await stockOf(harness.db, book.id)).toBe(5);
      expect(await harness.db.models.Order.count({ where: { buyerId: buyer.id } })).toBe(0);
    },
  );

  test.each(['DHL', 'FedEx', 'Envia', 'Servientrega'])(
    'when %s ships within the shop country, then the order is placed',
    async (name) => {
      const { book } = await createSellerWithBook(harness, { stock: 5 });
      const buyer = await createCaller(harness);

      const response = await request(harness.app)
        .post('/api/v1/orders')
        .set('authorization', buyer.authorization)
        .send(
          checkoutBody(harness, [{ bookId: book.id, quantity: 1 }], {
            deliveryProviderId: providerId(harness, name),
          }),
        );

      expect(response.status).toBe(201);
      expect(response.body.order.delivery.providerName).toBe(name);
    },
  );

  test('when the provider does not exist, then it is a 400 naming deliveryProviderId', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(
        checkoutBody(harness, [{ bookId: book.id, quantity: 1 }], {
          deliveryProviderId: 2_000_000_000,
        }),
      );

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'deliveryProviderId' })]);
    expect(await stockOf(harness.db, book.id)).toBe(5);
  });
});

describe('POST /api/v1/orders: unpaid orders per buyer', () => {
  test('when a buyer already holds 3 unpaid orders, then a 4th is a 409 and reserves nothing; paying or cancelling one makes room', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 20 });
    const buyer = await createCaller(harness);
    const held = [];
    for (let index = 0; index < 3; index += 1) {
      held.push(await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]));
    }

    const fourth = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]));
    const stockWhenRefused = await stockOf(harness.db, book.id);
    await cancelOrder(harness, buyer, held[0]!.id);
    await payOrder(harness, buyer, held[1]!.id);
    const afterCancel = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    const afterPay = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    expect(fourth.status).toBe(409);
    expect(fourth.body.type).toMatch(/too-many-unpaid-orders$/);
    expect(stockWhenRefused).toBe(17);
    expect(afterCancel.status).toBe('pending_payment');
    expect(afterPay.status).toBe('pending_payment');
  });

  test('when another buyer holds 3 unpaid orders, then this buyer is not limited by them', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 20 });
    const hoarder = await createCaller(harness);
    const buyer = await createCaller(harness);
    for (let index = 0; index < 3; index += 1) {
      await placeOrder(harness, hoarder, [{ bookId: book.id, quantity: 1 }]);
    }

    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    expect(order.status).toBe('pending_payment');
  });

  test('when unpaid orders ran out of time but were not swept yet, then they no longer count', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 20 });
    const buyer = await createCaller(harness);
    for (let index = 0; index < 3; index += 1) {
      const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
      await harness.db.models.Order.update(
        { expiresAt: new Date(Date.now() - 60_000) },
        { where: { id: order.id } },
      );
    }

    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    expect(order.status).toBe('pending_payment');
  });
});
