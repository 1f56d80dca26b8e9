import request from 'supertest';
import {
  checkoutBody,
  createCaller,
  createSellerWithBook,
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

const remove = (authorization: string, bookId: number) =>
  request(harness.app).delete(`/api/v1/books/${bookId}`).set('authorization', authorization);

describe('DELETE /api/v1/books/{id}', () => {
  test('when the seller deletes a book, then it leaves the listings, cannot be ordered, and its orders keep it', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const earlier = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);

    const response = await remove(seller.authorization, book.id);
    const again = await remove(seller.authorization, book.id);
    const order = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send(checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]));
    const history = await request(harness.app)
      .get(`/api/v1/orders/${earlier.id}`)
      .set('authorization', buyer.authorization);

    expect(response.status).toBe(204);
    expect(again.status).toBe(404);
    expect(await harness.db.models.Book.findByPk(book.id)).toBeNull();
    expect(await harness.db.models.Book.findByPk(book.id, { paranoid: false })).not.toBeNull();
    expect(order.status).toBe(404);
    expect(history.body.order.lines[0]).toMatchObject({ bookId: book.id, title: book.title });
  });

  test("when someone deletes another seller's book, then it is a 403 and the book stays", async () => {
    const { book } = await createSellerWithBook(harness);
    const stranger = await createCaller(harness);
    const admin = await createCaller(harness, 'admin');

    const byStranger = await remove(stranger.authorization, book.id);
    const byAdmin = await remove(admin.authorization, book.id);

    expect(byStranger.status).toBe(403);
    expect(byAdmin.status).toBe(403);
    expect(await harness.db.models.Book.findByPk(book.id)).not.toBeNull();
  });
});
