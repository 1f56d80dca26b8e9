import { CATALOG_CACHE_CONTROL } from '../../handlers/catalog/cache-headers';
import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem } from './problem-assertions';

const PATH = '/api/v1/categories';

describe('GET /api/v1/categories', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  type Category = { category: string; bookCount: number };
  const categories = async () => {
    const response = await catalog.invoke({ path: PATH });
    return response.json.items as Category[];
  };
  const countOf = (items: Category[], name: string) =>
    items.find((item) => item.category.toLowerCase() === name.toLowerCase())?.bookCount;

  test('when books are listed in categories, then each one comes with its live book count, most books first, whatever case and accents', async () => {
    const seller = await createUser(catalog.db);
    const big = unique('Poesía');
    const small = unique('Ensayo');
    await createBook(catalog.db, seller.id, { category: big });
    await createBook(catalog.db, seller.id, { category: big.toUpperCase().replace('Í', 'I') });
    await createBook(catalog.db, seller.id, { category: big, stock: 0 });
    await createBook(catalog.db, seller.id, { category: small });
    await createBook(catalog.db, seller.id, { category: null });

    const response = await catalog.invoke({ path: PATH });
    const items = response.json.items as Category[];

    expect(response.statusCode).toBe(200);
    expect(items.find((item) => item.category === big)).toEqual({ category: big, bookCount: 3 });
    expect(countOf(items, small)).toBe(1);
    const counts = items.map((item) => item.bookCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  test('when a book is deleted, moved to another category or sold out, then the counts follow only what changed', async () => {
    const seller = await createUser(catalog.db);
    const from = unique('History');
    const to = unique('Travel');
    const [moved, deleted, soldOut] = [
      await createBook(catalog.db, seller.id, { category: from }),
      await createBook(catalog.db, seller.id, { category: from }),
      await createBook(catalog.db, seller.id, { category: from }),
    ];

    await catalog.db.models.Book.update({ category: to }, { where: { id: moved.id } });
    await catalog.db.models.Book.destroy({ where: { id: deleted.id } });
    await catalog.db.models.Book.update({ stock: 0 }, { where: { id: soldOut.id } });
    const items = await categories();

    expect({ from: countOf(items, from), to: countOf(items, to) }).toEqual({ from: 1, to: 1 });
  });

  test('when the last book of a category is deleted, then the category is no longer listed', async () => {
    const seller = await createUser(catalog.db);
    const gone = unique('Gone');
    const book = await createBook(catalog.db, seller.id, { category: gone });

    await catalog.db.models.Book.destroy({ where: { id: book.id } });
    const items = await categories();

    expect(countOf(items, gone)).toBeUndefined();
  });

  test('when the list is read, then it is public and cacheable like the catalog', async () => {
    const response = await catalog.invoke({ path: PATH });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe(CATALOG_CACHE_CONTROL);
  });

  test('when a query parameter is sent, then it is a 400', async () => {
    const response = await catalog.invoke({ path: PATH, query: { limit: '5' } });

    expectProblem(response, 400, 'invalid-input');
  });
});
