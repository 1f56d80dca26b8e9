import request from 'supertest';
import {
  ADDRESS_IN_CO,
  checkoutBody,
  createCaller,
  providerId,
  createSellerWithBook,
  sendJson,
  startOriginTestApp,
  stockOf,
  type OriginTestApp,
} from './origin-test-app';
import { unique } from '../support/factories';

let harness: OriginTestApp;

beforeAll(async () => {
  harness = await startOriginTestApp();
});

afterAll(async () => {
  await harness.close();
});

const placeWithKey = (authorization: string, key: string, body: unknown) =>
  request(harness.app)
    .post('/api/v1/orders')
    .set('authorization', authorization)
    .set('idempotency-key', key)
    .send(body as object);

describe('POST /api/v1/orders with an Idempotency-Key', () => {
  test('when the same request is retried with the same key, then the first answer is replayed and one order exists', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const key = unique('key');
    const body = checkoutBody(harness, [{ bookId: book.id, quantity: 2 }]);

    const first = await placeWithKey(buyer.authorization, key, body);
    const retry = await placeWithKey(buyer.authorization, key, body);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await harness.db.models.Order.count({ where: { buyerId: buyer.id } })).toBe(1);
    expect(await stockOf(harness.db, book.id)).toBe(3);
  });

  test('when the key is reused with a different body, then it is a 409 and nothing is reserved', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const key = unique('key');
    await placeWithKey(
      buyer.authorization,
      key,
      checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]),
    );

    const conflicting = await placeWithKey(
      buyer.authorization,
      key,
      checkoutBody(harness, [{ bookId: book.id, quantity: 3 }]),
    );

    expect(conflicting.status).toBe(409);
    expect(conflicting.body.type).toMatch(/idempotency-key-reused$/);
    expect(await stockOf(harness.db, book.id)).toBe(4);
    expect(await harness.db.models.Order.count({ where: { buyerId: buyer.id } })).toBe(1);
  });

  test.each([
    ['another address', { shippingAddress: { ...ADDRESS_IN_CO, line1: 'Carrera 7 # 1-1' } }],
    ['another delivery provider', { deliveryProviderId: 'DHL' }],
  ])(
    'when the key is reused with the same items but %s, then it is a 409: the key covers the whole body',
    async (_case, change) => {
      const { book } = await createSellerWithBook(harness, { stock: 5 });
      const buyer = await createCaller(harness);
      const key = unique('key');
      const items = [{ bookId: book.id, quantity: 1 }];
      await placeWithKey(buyer.authorization, key, checkoutBody(harness, items));

      const overrides =
        'deliveryProviderId' in change
          ? { deliveryProviderId: providerId(harness, change.deliveryProviderId) }
          : change;
      const reused = await placeWithKey(
        buyer.authorization,
        key,
        checkoutBody(harness, items, overrides),
      );

      expect(reused.status).toBe(409);
      expect(reused.body.type).toMatch(/idempotency-key-reused$/);
      expect(await harness.db.models.Order.count({ where: { buyerId: buyer.id } })).toBe(1);
    },
  );

  test('when two users send the same key, then each gets their own order', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const [alice, bob] = [await createCaller(harness), await createCaller(harness)];
    const key = unique('shared-key');
    const body = checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]);

    const forAlice = await placeWithKey(alice.authorization, key, body);
    const forBob = await placeWithKey(bob.authorization, key, body);

    expect(forAlice.status).toBe(201);
    expect(forBob.status).toBe(201);
    expect(forBob.body.order.id).not.toBe(forAlice.body.order.id);
    expect(await stockOf(harness.db, book.id)).toBe(3);
  });

  test('when a refused request is retried with its key, then the refusal is replayed even after stock returns', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 1 });
    const buyer = await createCaller(harness);
    const key = unique('key');
    const body = checkoutBody(harness, [{ bookId: book.id, quantity: 2 }]);

    const first = await placeWithKey(buyer.authorization, key, body);
    await harness.db.models.Book.update({ stock: 10 }, { where: { id: book.id } });
    const retry = await placeWithKey(buyer.authorization, key, body);

    expect(first.status).toBe(409);
    expect(retry.status).toBe(409);
    expect(retry.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(retry.body).toEqual(first.body);
    expect(await stockOf(harness.db, book.id)).toBe(10);
  });

  test('when a request fails validation, then nothing is stored under its key and a corrected retry succeeds', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const key = unique('key');

    const invalid = await placeWithKey(
      buyer.authorization,
      key,
      checkoutBody(harness, [{ bookId: book.id, quantity: 0 }]),
    );
    const corrected = await placeWithKey(
      buyer.authorization,
      key,
      checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]),
    );

    expect(invalid.status).toBe(400);
    expect(corrected.status).toBe(201);
  });

  test('when the key is empty or too long, then it is a 400 naming the header', async () => {
    const buyer = await createCaller(harness);
    const body = checkoutBody(harness, [{ bookId: 1, quantity: 1 }]);

    const tooLong = await placeWithKey(buyer.authorization, 'k'.repeat(256), body);
    const withSpace = await placeWithKey(buyer.authorization, 'two words', body);

    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([
      { path: 'Idempotency-Key', message: 'must be at most 255 characters' },
    ]);
    expect(withSpace.status).toBe(400);
  });

  test('when many retries of one key arrive at once, then exactly one order is created and all get its answer', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 50 });
    const buyer = await createCaller(harness);
    const key = unique('key');
    const body = checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]);

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        sendJson(harness, 'POST', '/api/v1/orders', {
          authorization: buyer.authorization,
          body,
          headers: { 'idempotency-key': key },
        }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((response) => response.body.order.id as number)).size).toBe(1);
    expect(await harness.db.models.Order.count({ where: { buyerId: buyer.id } })).toBe(1);
    expect(await stockOf(harness.db, book.id)).toBe(49);
  });
});
