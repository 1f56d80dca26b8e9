import {
  ADDRESS_IN_CO,
  checkoutBody,
  createCaller,
  createSellerWithBook,
  sendJson,
  startOriginTestApp,
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

afterAll(() => harness.close());

const HOSTILE = [
  ['a right-to-left override', '\u202eAna'],
  ['only a zero-width space', '\u200b'],
  ['a line separator', 'a\u2028b'],
  ['a lone surrogate', '\ud800'],
] as const;

describe('free text in a shipping address', () => {
  test.each(
    (['name', 'line1', 'city', 'line2'] as const).flatMap((field) =>
      HOSTILE.map(([what, value]) => [field, what, value] as const),
    ),
  )('when %s holds %s, then 400 naming it and nothing is ordered', async (field, _what, value) => {
    const { book } = await createSellerWithBook(harness, { stock: 3 });

    const response = await sendJson(harness, 'POST', '/api/v1/orders', {
      authorization: buyer.authorization,
      body: checkoutBody(harness, [{ bookId: book.id, quantity: 1 }], {
        shippingAddress: { ...ADDRESS_IN_CO, [field]: value },
      }),
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: `shippingAddress.${field}`, message: expect.any(String) },
    ]);
    expect(await stockOf(harness.db, book.id)).toBe(3);
  });

  test('when an address is in other scripts, with joiners inside words and emoji, then it is stored and read back unchanged', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 3 });
    const shippingAddress = {
      ...ADDRESS_IN_CO,
      name: 'Zoë می\u200cخواهم 👩\u200d💻',
      line1: 'क्\u200dष मार्ग 12, 東京都渋谷区',
      line2: 'شارع الملك فهد 📚',
      city: 'Medellín',
    };
    const other = await createCaller(harness);

    const placed = await sendJson(harness, 'POST', '/api/v1/orders', {
      authorization: other.authorization,
      body: checkoutBody(harness, [{ bookId: book.id, quantity: 1 }], { shippingAddress }),
    });
    const read = await sendJson(harness, 'GET', `/api/v1/orders/${placed.body.order.id}`, {
      authorization: other.authorization,
    });

    expect(placed.status).toBe(201);
    expect(read.body.order.shippingAddress).toMatchObject(shippingAddress);
  });
});

describe('free text in a book', () => {
  const bookBody = {
    title: 'A title',
    author: 'An author',
    condition: 'good',
    priceCents: 500,
    stock: 1,
  };

  test.each(
    (['title', 'author', 'category', 'description'] as const).flatMap((field) =>
      HOSTILE.map(([what, value]) => [field, what, value] as const),
    ),
  )('when its %s holds %s, then 400 naming it', async (field, _what, value) => {
    const seller = await createCaller(harness);

    const response = await sendJson(harness, 'POST', '/api/v1/books', {
      authorization: seller.authorization,
      body: { ...bookBody, [field]: value },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: field, message: expect.any(String) }]);
  });

  test('when a title is edited to only a zero-width space, then 400 and the title stays', async () => {
    const { seller, book } = await createSellerWithBook(harness);

    const response = await sendJson(harness, 'PATCH', `/api/v1/books/${book.id}`, {
      authorization: seller.authorization,
      body: { title: '\u200b' },
    });

    expect(response.status).toBe(400);
    expect((await harness.db.models.Book.findByPk(book.id))?.title).toBe(book.title);
  });
});
