import request from 'supertest';
import { createBook } from '../support/factories';
import {
  ADDRESS_IN_CO,
  createCaller,
  createSellerWithBook,
  payOrder,
  placeOrder,
  startOriginTestApp,
  type Caller,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

const salesOf = (seller: Caller, query = '') =>
  request(harness.app).get(`/api/v1/me/sales${query}`).set('authorization', seller.authorization);

describe('GET /api/v1/me/sales', () => {
  test('when an order has books of two sellers, then each sees only their own lines, with the address and tracking number only once paid', async () => {
    const { seller: ana, book: anasBook } = await createSellerWithBook(harness, {
      priceCents: 1200,
    });
    const { seller: ben, book: bensBook } = await createSellerWithBook(harness, {
      priceCents: 800,
    });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [
      { bookId: anasBook.id, quantity: 2 },
      { bookId: bensBook.id, quantity: 1 },
    ]);

    const anaBeforePayment = await salesOf(ana);
    await payOrder(harness, buyer, order.id);
    const anaAfterPayment = await salesOf(ana);
    const benAfterPayment = await salesOf(ben);

    expect(anaBeforePayment.status).toBe(200);
    expect(anaBeforePayment.body).toEqual({
      items: [
        {
          orderId: order.id,
          orderStatus: 'pending_payment',
          bookId: anasBook.id,
          title: anasBook.title,
          author: anasBook.author,
          quantity: 2,
          unitPriceCents: 1200,
          lineTotalCents: 2400,
          currency: 'USD',
          orderedAt: order.createdAt,
          paidAt: null,
          shippingAddress: null,
          trackingNumber: null,
        },
      ],
      nextCursor: null,
    });
    const tracking = expect.stringMatching(/^SERVIENTREGA-/) as unknown;
    expect(anaAfterPayment.body.items).toEqual([
      expect.objectContaining({
        orderId: order.id,
        orderStatus: 'delivery_assigned',
        bookId: anasBook.id,
        paidAt: expect.any(String),
        shippingAddress: { ...ADDRESS_IN_CO, line2: null },
        trackingNumber: tracking,
      }),
    ]);
    expect(benAfterPayment.body.items).toEqual([
      expect.objectContaining({ orderId: order.id, bookId: bensBook.id, quantity: 1 }),
    ]);
    for (const response of [anaBeforePayment, anaAfterPayment, benAfterPayment]) {
      expect(JSON.stringify(response.body)).not.toContain(buyer.email);
      expect(JSON.stringify(response.body)).not.toContain(`"buyerId"`);
    }
  });

  test('when a seller has many sales, then they come newest first, page by page, each once', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 20 });
    const second = await createBook(harness.db, seller.id, { stock: 20 });
    const buyers = [await createCaller(harness), await createCaller(harness)];
    const orderIds: number[] = [];
    for (const buyer of buyers) {
      for (const bookId of [book.id, second.id]) {
        orderIds.push((await placeOrder(harness, buyer, [{ bookId, quantity: 1 }])).id);
      }
    }

    const first = await salesOf(seller, '?limit=3');
    const rest = await salesOf(seller, `?limit=3&cursor=${first.body.nextCursor}`);

    expect(first.body.items).toHaveLength(3);
    expect(rest.body.nextCursor).toBeNull();
    expect(
      [...first.body.items, ...rest.body.items].map((sale: { orderId: number }) => sale.orderId),
    ).toEqual([...orderIds].reverse());
  });

  test('when the sold book was deleted afterwards, then the sale still shows', async () => {
    const { seller, book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await harness.db.models.Book.destroy({ where: { id: book.id } });

    const response = await salesOf(seller);

    expect(response.body.items).toEqual([expect.objectContaining({ orderId: order.id })]);
  });

  test('when someone who never sold asks, then the list is empty; without a token it is a 401; a bad limit is a 400', async () => {
    const nobody = await createCaller(harness);

    const empty = await salesOf(nobody);
    const anonymous = await request(harness.app).get('/api/v1/me/sales');
    const badLimit = await salesOf(nobody, '?limit=0');

    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
    expect(anonymous.status).toBe(401);
    expect(badLimit.status).toBe(400);
  });
});
