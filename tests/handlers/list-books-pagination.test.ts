import { BOOK_SORTS } from '../../shared/domain/book-sorts';
import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem, invalidPaths } from './problem-assertions';

const PATH = '/api/v1/books';

describe('cursor pagination of GET /api/v1/books', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  const list = (query: Record<string, string>) => catalog.invoke({ path: PATH, query });

  /**
   * Seven books of a new seller, inserted in one statement so they share a creation time, with tied
   * prices and titles; every author ends in "Aura", so a search for it ties title and author matches.
   */
  async function sellerWithTiedBooks(): Promise<number> {
    const seller = await createUser(catalog.db);
    const rows = [
      { title: 'Rayuela', priceCents: 500 },
      { title: 'Aura', priceCents: 500 },
      { title: 'Rayuela', priceCents: 700 },
      { title: 'Ficciones', priceCents: 300 },
      { title: 'Aura', priceCents: 500 },
      { title: 'Pedro Páramo', priceCents: 900 },
      { title: 'Ficciones', priceCents: 300 },
    ].map((book) => ({
      ...book,
      sellerId: seller.id,
      author: `${unique('Author')} Aura`,
      description: 'd',
      isbn: null,
      condition: 'good' as const,
      category: null,
      stock: 1,
    }));
    await catalog.db.models.Book.bulkCreate(rows);
    return seller.id;
  }

  /** Every page from the first to the last, following nextCursor. */
  async function walk(query: Record<string, string>): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list(cursor ? { ...query, cursor } : query);
      expect(response.statusCode).toBe(200);
      seen.push(...(response.json.items as Array<{ id: number }>).map((book) => book.id));
      cursor = response.json.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 50);
    return seen;
  }

  test.each(BOOK_SORTS)(
    'when the pages of sort=%s are followed, then they list every book once, in the same order as one big page',
    async (sort) => {
      const sellerId = String(await sellerWithTiedBooks());
      const search: Record<string, string> = sort === 'relevance' ? { q: 'aura' } : {};

      const paged = await walk({ sellerId, sort, ...search, limit: '2' });
      const whole = await list({ sellerId, sort, ...search, limit: '100' });

      expect(paged).toHaveLength(7);
      expect(new Set(paged).size).toBe(7);
      expect(paged).toEqual((whole.json.items as Array<{ id: number }>).map((book) => book.id));
    },
  );

  test('when a book is deleted between two pages, then the next page neither skips nor repeats the others', async () => {
    const sellerId = String(await sellerWithTiedBooks());
    const first = await list({ sellerId, sort: 'price_asc', limit: '3' });
    const firstIds = (first.json.items as Array<{ id: number }>).map((book) => book.id);
    const all = (await list({ sellerId, sort: 'price_asc', limit: '100' })).json.items as Array<{
      id: number;
    }>;
    const toDelete = all[5]?.id;
    await catalog.db.models.Book.destroy({ where: { id: toDelete } });

    const rest = await walk({
      sellerId,
      sort: 'price_asc',
      limit: '3',
      cursor: first.json.nextCursor as string,
    });

    expect([...firstIds, ...rest]).toEqual(
      all.map((book) => book.id).filter((id) => id !== toDelete),
    );
  });

  test('when titles hold quotes, backslashes and SQL, then the pages by title still list every book once', async () => {
    const seller = await createUser(catalog.db);
    const titles = [
      "It's",
      'Back\\slash',
      '"Quoted"',
      "x' OR '1'='1",
      '100% _done_',
      'Back\\slash',
    ];
    for (const title of titles) await createBook(catalog.db, seller.id, { title });
    const sellerId = String(seller.id);

    const paged = await walk({ sellerId, sort: 'title', limit: '1' });
    const whole = await list({ sellerId, sort: 'title', limit: '100' });

    expect(paged).toHaveLength(titles.length);
    expect(paged).toEqual((whole.json.items as Array<{ id: number }>).map((book) => book.id));
  });

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test.each([
    ['not base64url', '!!!'],
    ['base64url of something that is not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON of the wrong shape', encode({ after: 3 })],
    ['a price that is not a number', encode({ sort: 'price_asc', priceCents: '1 OR 1=1', id: 1 })],
    [
      'a date that is not a date',
      encode({ sort: 'newest', createdAt: "2024-01-01' OR '1'='1", id: 1 }),
    ],
    ['a negative id', encode({ sort: 'newest', createdAt: new Date().toISOString(), id: -1 })],
    ['extra fields', encode({ sort: 'title', title: 'A', id: 1, sellerId: 2 })],
    ['an absurd length', 'A'.repeat(5000)],
  ])('when the cursor is %s, then it is a 400 on the cursor', async (_case, cursor) => {
    const response = await list({ cursor });

    expectProblem(response, 400, 'invalid-input');
    expect(invalidPaths(response)).toEqual(['cursor']);
  });

  test('when a cursor of one sort order is sent with another, then it is a 400', async () => {
    const sellerId = String(await sellerWithTiedBooks());
    const byPrice = await list({ sellerId, sort: 'price_asc', limit: '2' });

    const response = await list({
      sellerId,
      sort: 'title',
      cursor: byPrice.json.nextCursor as string,
    });

    expectProblem(response, 400, 'invalid-input');
    expect(invalidPaths(response)).toEqual(['cursor']);
  });

  test.each(['0', '101', '-1', 'abc', '2.5', '1e2', ' 5', ''])(
    'when limit is "%s", then it is a 400 on limit',
    async (limit) => {
      const response = await list({ limit });

      expectProblem(response, 400, 'invalid-input');
      expect(invalidPaths(response)).toEqual(['limit']);
    },
  );

  test.each(['1', '100'])('when limit is %s, then it is accepted', async (limit) => {
    const response = await list({ limit });

    expect(response.statusCode).toBe(200);
    expect(response.json.items.length).toBeLessThanOrEqual(Number(limit));
  });
});
