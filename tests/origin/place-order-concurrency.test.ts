import { createBook } from '../support/factories';
import {
  checkoutBody,
  createCaller,
  createSellerWithBook,
  sendJson,
  startOriginTestApp,
  stockOf,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp({ poolMax: 20 });
});

afterAll(async () => {
  await harness.close();
});

describe('POST /api/v1/orders under concurrency', () => {
  test('when 100 buyers order the last 10 copies at once, then exactly 10 succeed, the rest get 409 and stock ends at 0', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 10, priceCents: 900 });
    const buyers = await Promise.all(Array.from({ length: 100 }, () => createCaller(harness)));

    const responses = await Promise.all(
      buyers.map((buyer) =>
        sendJson(harness, 'POST', '/api/v1/orders', {
          authorization: buyer.authorization,
          body: checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]),
        }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(90);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.body.type).toMatch(/out-of-stock$/);
    }
    expect(await stockOf(harness.db, book.id)).toBe(0);
    const reserved = await harness.db.models.OrderLine.sum('quantity', {
      where: { bookId: book.id },
    });
    expect(reserved).toBe(10);
  });

  test('when checkouts overlap on books in opposite orders, then no deadlock reaches a client and no line is half-reserved', async () => {
    const seller = await createCaller(harness);
    const books = await Promise.all(
      Array.from({ length: 4 }, () =>
        createBook(harness.db, seller.id, { stock: 1000, priceCents: 100 }),
      ),
    );
    const ascending = books.map((book) => ({ bookId: book.id, quantity: 1 }));
    const descending = [...ascending].reverse();
    const buyers = await Promise.all(Array.from({ length: 40 }, () => createCaller(harness)));

    const responses = await Promise.all(
      buyers.map((buyer, index) =>
        sendJson(harness, 'POST', '/api/v1/orders', {
          authorization: buyer.authorization,
          body: checkoutBody(harness, index % 2 === 0 ? ascending : descending),
        }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(40).fill(201));
    for (const book of books) expect(await stockOf(harness.db, book.id)).toBe(1000 - 40);
  });

  test('when overlapping checkouts compete for scarce books, then every order is all-or-nothing', async () => {
    const seller = await createCaller(harness);
    const first = await createBook(harness.db, seller.id, { stock: 7 });
    const second = await createBook(harness.db, seller.id, { stock: 5 });
    const buyers = await Promise.all(Array.from({ length: 30 }, () => createCaller(harness)));

    const responses = await Promise.all(
      buyers.map((buyer, index) =>
        sendJson(harness, 'POST', '/api/v1/orders', {
          authorization: buyer.authorization,
          body: checkoutBody(
            harness,
            index % 2 === 0
              ? [
                  { bookId: first.id, quantity: 1 },
                  { bookId: second.id, quantity: 1 },
                ]
              : [
                  { bookId: second.id, quantity: 1 },
                  { bookId: first.id, quantity: 1 },
                ],
          ),
        }),
      ),
    );

    const placed = responses.filter((response) => response.status === 201);
    expect(placed).toHaveLength(5);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(25);
    expect(await stockOf(harness.db, first.id)).toBe(7 - 5);
    expect(await stockOf(harness.db, second.id)).toBe(0);
    for (const response of placed) expect(response.body.order.lines).toHaveLength(2);
  });
});

describe('the unpaid-orders cap under concurrency', () => {
  test('when one buyer sends 10 checkouts at once, then exactly 3 are placed, the rest get 409 and only 3 copies are reserved', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 50 });
    const buyer = await createCaller(harness);

    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        sendJson(harness, 'POST', '/api/v1/orders', {
          authorization: buyer.authorization,
          body: checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]),
        }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(7);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.body.type).toMatch(/too-many-unpaid-orders$/);
    }
    expect(
      await harness.db.models.Order.count({
        where: { buyerId: buyer.id, status: 'pending_payment' },
      }),
    ).toBe(3);
    expect(await stockOf(harness.db, book.id)).toBe(47);
  });
});
