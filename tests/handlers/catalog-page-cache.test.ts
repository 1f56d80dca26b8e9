import { createPageCache, wantsFreshAnswer } from '../../handlers/catalog/page-cache';
import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the catalog container page cache', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction({ pageCacheTtlMs: 60_000 });
  });
  afterAll(() => catalog.close());

  test('when a page is asked for again within the time to live, then the container answers it without the database', async () => {
    const seller = await createUser(catalog.db);
    const title = unique('Cached');
    const book = await createBook(catalog.db, seller.id, { title, priceCents: 1000 });
    const first = await catalog.invoke({ path: `/api/v1/books/${book.id}` });
    await catalog.db.models.Book.update({ priceCents: 700 }, { where: { id: book.id } });

    const again = await catalog.invoke({ path: `/api/v1/books/${book.id}` });

    expect(first.json.book.priceCents).toBe(1000);
    expect(again.json.book.priceCents).toBe(1000);
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  test('when the client asks for a validated answer (no-cache, max-age=0), then the database answers and the cache keeps that', async () => {
    const seller = await createUser(catalog.db);
    const title = unique('Revalidated');
    await createBook(catalog.db, seller.id, { title, stock: 3 });
    const query = { q: title };
    await catalog.invoke({ path: '/api/v1/books', query });
    await catalog.db.models.Book.update({ stock: 1 }, { where: { title } });

    const reload = await catalog.invoke({
      path: '/api/v1/books',
      query,
      headers: { 'cache-control': 'max-age=0' },
    });
    const later = await catalog.invoke({ path: '/api/v1/books', query });

    expect(reload.json.items[0].stock).toBe(1);
    expect(later.json.items[0].stock).toBe(1);
  });

  test('when the same filters come in another order, then they share one page; other filters do not', async () => {
    const seller = await createUser(catalog.db);
    const author = unique('Author');
    await createBook(catalog.db, seller.id, { author, title: unique('First') });
    await catalog.invoke({ path: '/api/v1/books', query: { author, limit: '5', sort: 'title' } });
    await createBook(catalog.db, seller.id, { author, title: unique('Second') });

    const reordered = await catalog.invoke({
      path: '/api/v1/books',
      query: { sort: 'title', limit: '5', author },
    });
    const otherLimit = await catalog.invoke({
      path: '/api/v1/books',
      query: { author, limit: '6', sort: 'title' },
    });

    expect(reordered.json.items).toHaveLength(1);
    expect(otherLimit.json.items).toHaveLength(2);
  });

  test('when a book is not found, then that is not remembered: the book is served once it exists', async () => {
    const seller = await createUser(catalog.db);
    const book = await createBook(catalog.db, seller.id);
    await catalog.db.models.Book.destroy({ where: { id: book.id } });
    const missing = await catalog.invoke({ path: `/api/v1/books/${book.id}` });
    await catalog.db.models.Book.restore({ where: { id: book.id } });

    const found = await catalog.invoke({ path: `/api/v1/books/${book.id}` });

    expect(missing.statusCode).toBe(404);
    expect(found.statusCode).toBe(200);
  });
});

describe('createPageCache', () => {
  test('when several requests miss one page at once, then they share one load', async () => {
    const cache = createPageCache(60_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await pause(20);
      return { page: loads };
    };

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => cache.get('k', load, false)),
    );

    expect(loads).toBe(1);
    expect(new Set(answers.map((answer) => answer.page))).toEqual(new Set([1]));
  });

  test('when the time to live has passed, then the page is loaded again', async () => {
    let now = 1_000;
    const cache = createPageCache(30, { now: () => now });
    let loads = 0;
    const load = () => Promise.resolve({ page: (loads += 1) });
    await cache.get('k', load, false);
    now += 20;
    await cache.get('k', load, false);
    expect(loads).toBe(1);

    now += 20;
    await cache.get('k', load, false);

    expect(loads).toBe(2);
  });

  test('when a load fails, then nothing is stored and the next request loads again', async () => {
    const cache = createPageCache(60_000);
    await expect(cache.get('k', () => Promise.reject(new Error('down')), false)).rejects.toThrow(
      'down',
    );

    await expect(cache.get('k', () => Promise.resolve({ page: 2 }), false)).resolves.toEqual({
      page: 2,
    });
  });

  test('when the time to live is 0, then every request loads', async () => {
    const cache = createPageCache(0);
    let loads = 0;
    const load = () => Promise.resolve({ page: (loads += 1) });
    await cache.get('k', load, false);
    await cache.get('k', load, false);

    expect(loads).toBe(2);
  });

  test.each([
    ['no-cache', true],
    ['max-age=0', true],
    ['private, max-age = 0', true],
    ['No-Cache', true],
    ['max-age=60', false],
    ['max-age=00x', false],
    ['no-store-ish', false],
    [undefined, false],
  ])('Cache-Control %p asks for a fresh answer: %p', (header, fresh) => {
    expect(wantsFreshAnswer(header)).toBe(fresh);
  });
});
