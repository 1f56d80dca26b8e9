import request from 'supertest';
import { createBook } from '../support/factories';
import {
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
      .send({
        items: [
          { bookId: book.id, quantity: 2 },
          { bookId: second.id, quantity: 1 },
        ],
      });

    expect(response.status).toBe(201);
    const { order } = response.body;
    expect(response.headers.location).toBe(`/api/v1/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'pending_payment',
      totalCents: 2 * 1250 + 800,
      currency: 'USD',
      payment: null,
      delivery: null,
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

  test('when the client sends a price, then the request is refused and nothing is reserved', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5, priceCents: 5000 });
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send({ items: [{ bookId: book.id, quantity: 1, unitPriceCents: 1 }] });

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
      .send({
        items: [
          { bookId: book.id, quantity: 2 },
          { bookId: scarce.id, quantity: 2 },
        ],
      });

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
      .send({
        items: [
          { bookId: book.id, quantity: 1 },
          { bookId: 2_000_000_000, quantity: 1 },
        ],
      });
    const gone = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send({ items: [{ bookId: deleted.id, quantity: 1 }] });

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
      .send({ items: [{ bookId: book.id, quantity: 1 }] });

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
      .send({ items: [{ bookId: book.id, quantity: 3 }] });

    const events = await eventsOf(harness.db, response.body.order.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'order.placed',
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      payload: {
        orderId: response.body.order.id,
        buyerId: buyer.id,
        totalCents: 2100,
        lines: [{ bookId: book.id, quantity: 3, unitPriceCents: 700 }],
      },
    });
  });

  test('when the order would cost more than an order can hold, then it is a 400 and nothing is reserved', async () => {
    const seller = await createCaller(harness);
    const books = await Promise.all(
      Array.from({ length: 3 }, () =>
        createBook(harness.db, seller.id, { stock: 100, priceCents: 10_000_000 }),
      ),
    );
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send({ items: books.map((book) => ({ bookId: book.id, quantity: 100 })) });

    expect(response.status).toBe(400);
    expect(response.body.type).toMatch(/order-total-too-large$/);
    for (const book of books) expect(await stockOf(harness.db, book.id)).toBe(100);
  });

  test('when no access token is sent, then it is a 401', async () => {
    const response = await request(harness.app)
      .post('/api/v1/orders')
      .send({ items: [{ bookId: 1, quantity: 1 }] });

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });
});
