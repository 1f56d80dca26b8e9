import request from 'supertest';
import {
  ADDRESS_IN_CO,
  createCaller,
  createSellerWithBook,
  startOriginTestApp,
  providerId,
  stockOf,
  type Caller,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;
let buyer: Caller;

beforeAll(async () => {
  harness = await startOriginTestApp();
  buyer = await createCaller(harness);
});

afterAll(async () => {
  await harness.close();
});

const order = (body: Record<string, unknown>) =>
  request(harness.app)
    .post('/api/v1/orders')
    .set('authorization', buyer.authorization)
    .send({
      shippingAddress: ADDRESS_IN_CO,
      deliveryProviderId: providerId(harness, 'Envia'),
      ...body,
    });

describe('POST /api/v1/orders with bad input', () => {
  test.each([
    ['a zero quantity', { quantity: 0 }, 'items.0.quantity'],
    ['a negative quantity', { quantity: -3 }, 'items.0.quantity'],
    ['more than 10 copies', { quantity: 11 }, 'items.0.quantity'],
    ['a fractional quantity', { quantity: 1.5 }, 'items.0.quantity'],
    ['a quantity as text', { quantity: '2' }, 'items.0.quantity'],
    ['a book id as text', { bookId: 'abc' }, 'items.0.bookId'],
    ['a non-integer book id', { bookId: 1.5 }, 'items.0.bookId'],
    ['a book id beyond the id range', { bookId: 2 ** 40 }, 'items.0.bookId'],
  ])(
    'when a line has %s, then it is a 400 naming the field and nothing is reserved',
    async (_case, override, path) => {
      const { book } = await createSellerWithBook(harness, { stock: 5 });

      const response = await order({ items: [{ bookId: book.id, quantity: 1, ...override }] });

      expect(response.status).toBe(400);
      expect(response.body.type).toMatch(/invalid-input$/);
      expect(response.body.errors).toEqual([expect.objectContaining({ path })]);
      expect(await stockOf(harness.db, book.id)).toBe(5);
    },
  );

  test('when the address and the provider are missing, then each error says in words that it is required', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send({ items: [{ bookId: book.id, quantity: 1 }], shippingAddress: 'Calle 10' });

    expect(response.status).toBe(400);
    // zod's own wording ("Invalid input: expected object, received undefined") is not for shoppers.
    expect(response.body.errors).toEqual([
      { path: 'shippingAddress', message: 'must be an object' },
      { path: 'deliveryProviderId', message: expect.not.stringMatching(/^Invalid input/) },
    ]);
    const missing = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .send({ items: [{ bookId: book.id, quantity: 1 }], deliveryProviderId: 1 });
    expect(missing.body.errors).toEqual([{ path: 'shippingAddress', message: 'is required' }]);
  });

  test('when the same book appears on two lines, then it is a 400 naming the second line', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });

    const response = await order({
      items: [
        { bookId: book.id, quantity: 1 },
        { bookId: book.id, quantity: 2 },
      ],
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'items.1.bookId', message: 'appears in more than one line' },
    ]);
    expect(await stockOf(harness.db, book.id)).toBe(5);
  });

  test('when the cart is empty or has more than 20 lines, then it is a 400', async () => {
    const empty = await order({ items: [] });
    const tooMany = await order({
      items: Array.from({ length: 21 }, (_, index) => ({ bookId: index + 1, quantity: 1 })),
    });

    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      { path: 'items', message: 'must contain at least one line' },
    ]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      { path: 'items', message: 'must contain at most 20 lines' },
    ]);
  });

  test('when the body has unknown fields or misses items, then it is a 400 naming them', async () => {
    const unknown = await order({ items: [{ bookId: 1, quantity: 1 }], buyerId: 7, totalCents: 1 });
    const missing = await order({ shippingAddress: undefined, deliveryProviderId: undefined });

    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'buyerId', message: 'is not an accepted field' },
      { path: 'totalCents', message: 'is not an accepted field' },
    ]);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'deliveryProviderId',
      'items',
      'shippingAddress',
    ]);
  });

  test('when a line asks for exactly 10 copies, then it is accepted', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 10 });
    const own = await createCaller(harness);

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', own.authorization)
      .send({
        items: [{ bookId: book.id, quantity: 10 }],
        shippingAddress: ADDRESS_IN_CO,
        deliveryProviderId: providerId(harness, 'Envia'),
      });

    expect(response.status).toBe(201);
    expect(await stockOf(harness.db, book.id)).toBe(0);
  });

  test.each([
    ['no name', { name: undefined }, 'shippingAddress.name'],
    ['a blank first line', { line1: '   ' }, 'shippingAddress.line1'],
    ['no city', { city: undefined }, 'shippingAddress.city'],
    ['no postal code', { postalCode: undefined }, 'shippingAddress.postalCode'],
    ['a postal code with symbols', { postalCode: '05$0' }, 'shippingAddress.postalCode'],
    ['a name too long', { name: 'n'.repeat(101) }, 'shippingAddress.name'],
    ['a control character', { line1: 'Calle\u0000 10' }, 'shippingAddress.line1'],
    ['a country name', { country: 'Colombia' }, 'shippingAddress.country'],
    ['a lower-case country code', { country: 'co' }, 'shippingAddress.country'],
    ['a code that is not a country', { country: 'EU' }, 'shippingAddress.country'],
    ['an unknown field', { phone: '555' }, 'shippingAddress.phone'],
  ])(
    'when the shipping address has %s, then it is a 400 naming the field and nothing is reserved',
    async (_case, override, path) => {
      const { book } = await createSellerWithBook(harness, { stock: 5 });

      const response = await order({
        items: [{ bookId: book.id, quantity: 1 }],
        shippingAddress: { ...ADDRESS_IN_CO, ...override },
      });

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path })]);
      expect(await stockOf(harness.db, book.id)).toBe(5);
    },
  );

  test('when the delivery provider id is not an id, then it is a 400 naming deliveryProviderId', async () => {
    const response = await order({
      items: [{ bookId: 1, quantity: 1 }],
      deliveryProviderId: 'DHL',
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'deliveryProviderId' })]);
  });

  test('when the body is malformed JSON, then it is a 400 problem', async () => {
    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .set('content-type', 'application/json')
      .send('{"items": [');

    expect(response.status).toBe(400);
    expect(response.body.type).toMatch(/malformed-json$/);
  });

  test('when the body is not JSON, then it is a 415', async () => {
    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', buyer.authorization)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('bookId=1&quantity=1&price=100');

    expect(response.status).toBe(415);
  });

  test('when the body is larger than the limit, then it is a 413', async () => {
    const response = await order({
      items: [{ bookId: 1, quantity: 1 }],
      padding: 'x'.repeat(200_000),
    });

    expect(response.status).toBe(413);
  });
});
