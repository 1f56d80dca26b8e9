import request from 'supertest';
import { createBook } from '../support/factories';
import { createCaller, startOriginTestApp, type OriginTestApp } from './origin-test-app';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

describe('GET /api/v1/me/books', () => {
  test('when a seller lists their books, then they get their listed books only, newest first, page by page', async () => {
    const seller = await createCaller(harness);
    const other = await createCaller(harness);
    const books = [];
    for (let index = 0; index < 3; index += 1) books.push(await createBook(harness.db, seller.id));
    const deleted = await createBook(harness.db, seller.id);
    await harness.db.models.Book.destroy({ where: { id: deleted.id } });
    await createBook(harness.db, other.id);

    const first = await request(harness.app)
      .get('/api/v1/me/books?limit=2')
      .set('authorization', seller.authorization);
    const second = await request(harness.app)
      .get(`/api/v1/me/books?limit=2&cursor=${first.body.nextCursor}`)
      .set('authorization', seller.authorization);

    expect(first.status).toBe(200);
    expect(
      [...first.body.items, ...second.body.items].map((book: { id: number }) => book.id),
    ).toEqual(books.map((book) => book.id).reverse());
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).toMatchObject({
      sellerId: seller.id,
      stock: expect.any(Number),
      priceCents: expect.any(Number),
    });
  });

  test('when a user has no books, then the list is empty', async () => {
    const buyer = await createCaller(harness);

    const response = await request(harness.app)
      .get('/api/v1/me/books')
      .set('authorization', buyer.authorization);

    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  test('when no access token is sent, then it is a 401', async () => {
    const response = await request(harness.app).get('/api/v1/me/books');

    expect(response.status).toBe(401);
  });
});
