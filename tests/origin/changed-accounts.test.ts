import request from 'supertest';
import { ROUTES } from '../../shared/routes/route-table';
import {
  createCaller,
  createSellerWithBook,
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

/** The origin's routes that need an access token, with {id} filled in. */
const bearerRoutes = ROUTES.filter(
  (route) => route.target === 'origin' && route.auth !== 'none',
).map((route) => ({ method: route.method, path: route.path.replace('{id}', '1') }));

describe('a valid access token of an account that was deleted', () => {
  test('when it lists a book or places an order, then it is a 401, not a failed insert', async () => {
    const { book } = await createSellerWithBook(harness);
    const gone = await createCaller(harness);
    await harness.db.models.User.destroy({ where: { id: gone.id } });

    const listing = await sendJson(harness, 'POST', '/api/v1/books', {
      authorization: gone.authorization,
      body: {
        title: 'A Book',
        author: 'An Author',
        description: 'Fine.',
        condition: 'good',
        priceCents: 1000,
        stock: 1,
      },
    });
    const ordering = await sendJson(harness, 'POST', '/api/v1/orders', {
      authorization: gone.authorization,
      body: { items: [{ bookId: book.id, quantity: 1 }] },
    });

    for (const response of [listing, ordering]) {
      expect(response.status).toBe(401);
      expect(response.body.type).toMatch(/unauthorized$/);
    }
    expect(await stockOf(harness.db, book.id)).toBe(book.stock);
  });

  test.each(bearerRoutes)(
    'when it calls $method $path, then it is a 401',
    async ({ method, path }) => {
      const gone = await createCaller(harness);
      await harness.db.models.User.destroy({ where: { id: gone.id } });

      const response = await sendJson(harness, method, path, {
        authorization: gone.authorization,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
      });

      expect(response.status).toBe(401);
    },
  );
});

describe('an administrator who was demoted while their token lives', () => {
  test("when the old token asks for another buyer's orders, then it is a 403, and one of their orders is a 404", async () => {
    const { book } = await createSellerWithBook(harness);
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    const admin = await createCaller(harness, 'admin');
    const asAdmin = await request(harness.app)
      .get(`/api/v1/orders/${order.id}`)
      .set('authorization', admin.authorization);
    await harness.db.models.User.update({ role: 'customer' }, { where: { id: admin.id } });

    const list = await request(harness.app)
      .get('/api/v1/orders')
      .query({ scope: 'all', buyerId: buyer.id })
      .set('authorization', admin.authorization);
    const one = await request(harness.app)
      .get(`/api/v1/orders/${order.id}`)
      .set('authorization', admin.authorization);

    expect(asAdmin.status).toBe(200);
    expect(list.status).toBe(403);
    expect(one.status).toBe(404);
  });
});
