import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';

const PATH = '/api/v1/books';

describe('GET /api/v1/books', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  /** A seller of its own, so that filtering by sellerId isolates the test's books. */
  const newSeller = () => createUser(catalog.db, { name: unique('Seller') });
  const list = (query: Record<string, string>) => catalog.invoke({ path: PATH, query });
  const ids = (response: { json: { items: Array<{ id: number }> } }) =>
    response.json.items.map((book) => book.id);

  test("when a seller's books are listed, then each has the public book fields, the seller's name, and newest come first", async () => {
    const seller = await newSeller();
    const older = await createBook(catalog.db, seller.id, {
      title: 'Older',
      isbn: '9780306406157',
      category: 'history',
    });
    const newer = await createBook(catalog.db, seller.id, { title: 'Newer' });
    await catalog.db.models.Book.update(
      { createdAt: new Date(Date.now() - 60_000) },
      { where: { id: older.id } },
    );

    const response = await list({ sellerId: String(seller.id) });

    expect(response.statusCode).toBe(200);
    expect(ids(response)).toEqual([newer.id, older.id]);
    expect(response.json.nextCursor).toBeNull();
    expect(response.json.items[1]).toEqual({
      id: older.id,
      title: 'Older',
      author: older.author,
      description: 'A well-kept copy.',
      isbn: '9780306406157',
      condition: 'good',
      category: 'history',
      priceCents: 1250,
      currency: 'USD',
      stock: 5,
      sellerId: seller.id,
      sellerName: seller.name,
      coverUrl: null,
      thumbnailUrl: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      updatedAt: expect.any(String) as unknown,
    });
  });

  test('when a book is deleted, then it never appears in the list', async () => {
    const seller = await newSeller();
    const kept = await createBook(catalog.db, seller.id);
    const deleted = await createBook(catalog.db, seller.id);
    await catalog.db.models.Book.destroy({ where: { id: deleted.id } });

    const bySeller = await list({ sellerId: String(seller.id) });
    const bySearch = await list({ q: deleted.title });

    expect(ids(bySeller)).toEqual([kept.id]);
    expect(ids(bySearch)).toEqual([]);
  });

  test('when q is given, then books whose title or author holds a word starting with it, in any case, are listed', async () => {
    const seller = await newSeller();
    const marker = unique('zq').toLowerCase();
    const byTitle = await createBook(catalog.db, seller.id, {
      title: `The ${marker.toUpperCase()} Garden`,
    });
    const byAuthor = await createBook(catalog.db, seller.id, { author: `Ana ${marker}` });
    await createBook(catalog.db, seller.id, { title: 'Unrelated' });

    const response = await list({ q: marker, sellerId: String(seller.id) });

    expect(ids(response).sort()).toEqual([byTitle.id, byAuthor.id].sort());
  });

  test('when q holds LIKE wildcards, then they are no wildcards: % separates words and _ is part of one', async () => {
    const seller = await newSeller();
    const literal = await createBook(catalog.db, seller.id, { title: '100% Cotton_Tales' });
    const other = await createBook(catalog.db, seller.id, { title: '1000 Cotton Tales' });

    const percent = await list({ q: '100%', sellerId: String(seller.id) });
    const underscore = await list({ q: 'cotton_t', sellerId: String(seller.id) });
    const inside = await list({ q: 'n_t', sellerId: String(seller.id) });

    expect(ids(percent).sort()).toEqual([literal.id, other.id].sort());
    expect(ids(underscore)).toEqual([literal.id]);
    expect(ids(inside)).toEqual([]);
  });

  test('when a price range is given, then its bounds are inclusive', async () => {
    const seller = await newSeller();
    const [cheap, low, high, dear] = [
      await createBook(catalog.db, seller.id, { priceCents: 99 }),
      await createBook(catalog.db, seller.id, { priceCents: 100 }),
      await createBook(catalog.db, seller.id, { priceCents: 500 }),
      await createBook(catalog.db, seller.id, { priceCents: 501 }),
    ];

    const response = await list({
      sellerId: String(seller.id),
      minPriceCents: '100',
      maxPriceCents: '500',
      sort: 'price_asc',
    });

    expect(ids(response)).toEqual([low.id, high.id]);
    expect(ids(response)).not.toContain(cheap.id);
    expect(ids(response)).not.toContain(dear.id);
  });

  test('when inStock is true or false, then only books with or without stock are listed', async () => {
    const seller = await newSeller();
    const available = await createBook(catalog.db, seller.id, { stock: 2 });
    const soldOut = await createBook(catalog.db, seller.id, { stock: 0 });

    const inStock = await list({ sellerId: String(seller.id), inStock: 'true' });
    const outOfStock = await list({ sellerId: String(seller.id), inStock: 'false' });

    expect(ids(inStock)).toEqual([available.id]);
    expect(ids(outOfStock)).toEqual([soldOut.id]);
  });

  test.each([
    ['price_asc', [300, 100, 200], [100, 200, 300]],
    ['price_desc', [300, 100, 200], [300, 200, 100]],
  ])('when sort is %s, then books come in that price order', async (sort, prices, expected) => {
    const seller = await newSeller();
    for (const priceCents of prices) await createBook(catalog.db, seller.id, { priceCents });

    const response = await list({ sellerId: String(seller.id), sort });

    expect(
      (response.json.items as Array<{ priceCents: number }>).map((book) => book.priceCents),
    ).toEqual(expected);
  });

  test('when sort is title, then books come in title order', async () => {
    const seller = await newSeller();
    for (const title of ['Cien años', 'Aura', 'Bestiario'])
      await createBook(catalog.db, seller.id, { title });

    const response = await list({ sellerId: String(seller.id), sort: 'title' });

    expect((response.json.items as Array<{ title: string }>).map((book) => book.title)).toEqual([
      'Aura',
      'Bestiario',
      'Cien años',
    ]);
  });

  test('when no limit is given, then at most 20 books come back with a cursor for more', async () => {
    const seller = await newSeller();
    for (let index = 0; index < 21; index += 1) await createBook(catalog.db, seller.id);

    const response = await list({ sellerId: String(seller.id) });

    expect(response.json.items).toHaveLength(20);
    expect(response.json.nextCursor).toEqual(expect.any(String));
  });
});
