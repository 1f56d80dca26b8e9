import request from 'supertest';
import {
  createCaller,
  startOriginTestApp,
  type Caller,
  type OriginTestApp,
} from './origin-test-app';

let harness: OriginTestApp;
let seller: Caller;

beforeAll(async () => {
  harness = await startOriginTestApp();
  seller = await createCaller(harness);
});

afterAll(async () => {
  await harness.close();
});

const validBook = {
  title: '  The Name of the Rose ',
  author: 'Umberto Eco',
  description: 'Paperback, light wear on the cover.',
  isbn: '978-0-15-144647-6',
  condition: 'good',
  category: 'Fiction',
  priceCents: 1250,
  stock: 3,
};

const create = (body: unknown, authorization = seller.authorization) =>
  request(harness.app)
    .post('/api/v1/books')
    .set('authorization', authorization)
    .send(body as object);

describe('POST /api/v1/books', () => {
  test('when a seller lists a book, then it is created for them with trimmed text and a normalised ISBN', async () => {
    const response = await create(validBook);

    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/api/v1/books/${response.body.book.id}`);
    expect(response.body.book).toMatchObject({
      sellerId: seller.id,
      title: 'The Name of the Rose',
      isbn: '9780151446476',
      condition: 'good',
      category: 'Fiction',
      priceCents: 1250,
      currency: 'USD',
      stock: 3,
    });
    const row = await harness.db.models.Book.findByPk(response.body.book.id);
    expect(row?.sellerId).toBe(seller.id);
  });

  test('when only the required fields are sent, then the optional ones are empty', async () => {
    const response = await create({
      title: 'T',
      author: 'A',
      condition: 'poor',
      priceCents: 0,
      stock: 0,
    });

    expect(response.status).toBe(201);
    expect(response.body.book).toMatchObject({
      description: '',
      isbn: null,
      category: null,
      priceCents: 0,
      stock: 0,
    });
  });

  test('when the body names a seller, then it is a 400 and no book is created', async () => {
    const other = await createCaller(harness);
    const before = await harness.db.models.Book.count({
      where: { sellerId: other.id },
      paranoid: false,
    });

    const response = await create({ ...validBook, sellerId: other.id });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'sellerId', message: 'is taken from your access token and cannot be sent' },
    ]);
    expect(
      await harness.db.models.Book.count({ where: { sellerId: other.id }, paranoid: false }),
    ).toBe(before);
  });

  test.each([
    ['an empty title', { title: '   ' }, 'title'],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title'],
    ['an author over 200 characters', { author: 'x'.repeat(201) }, 'author'],
    ['a description over 5000 characters', { description: 'x'.repeat(5001) }, 'description'],
    ['an ISBN with a wrong check digit', { isbn: '978-0-15-144647-7' }, 'isbn'],
    ['an ISBN of the wrong length', { isbn: '12345' }, 'isbn'],
    ['an unknown condition', { condition: 'mint' }, 'condition'],
    ['a category over 60 characters', { category: 'x'.repeat(61) }, 'category'],
    ['a negative price', { priceCents: -1 }, 'priceCents'],
    ['a fractional price', { priceCents: 12.5 }, 'priceCents'],
    ['a price over 10,000,000 cents', { priceCents: 10_000_001 }, 'priceCents'],
    ['a price as text', { priceCents: '1250' }, 'priceCents'],
    ['a negative stock', { stock: -1 }, 'stock'],
    ['a stock over 100,000', { stock: 100_001 }, 'stock'],
    ['an unknown field', { coverUrl: 'http://x' }, 'coverUrl'],
  ])('when the book has %s, then it is a 400 naming the field', async (_case, override, path) => {
    const response = await create({ ...validBook, ...override });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path })]);
  });

  test('when required fields are missing, then each is named', async () => {
    const response = await create({});

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'author',
      'condition',
      'priceCents',
      'stock',
      'title',
    ]);
  });

  test('when no access token is sent, then it is a 401 and nothing is created', async () => {
    const response = await request(harness.app).post('/api/v1/books').send(validBook);

    expect(response.status).toBe(401);
  });
});
