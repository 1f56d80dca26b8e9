import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';

describe('HTTP caching of catalog answers', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  test.each(['/api/v1/books', '/api/v1/delivery-providers'])(
    'when %s answers, then it is CDN-cacheable with a strong ETag',
    async (path) => {
      const response = await catalog.invoke({ path });

      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe(
        'public, max-age=30, stale-while-revalidate=60',
      );
      expect(response.headers.etag).toMatch(/^"[^"]+"$/);
    },
  );

  test('when If-None-Match carries the current ETag, then it is a 304 without a body', async () => {
    const seller = await createUser(catalog.db);
    const book = await createBook(catalog.db, seller.id);
    const first = await catalog.invoke({ path: `/api/v1/books/${book.id}` });

    const again = await catalog.invoke({
      path: `/api/v1/books/${book.id}`,
      headers: { 'if-none-match': first.headers.etag ?? '' },
    });

    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=30, stale-while-revalidate=60');
  });

  test('when the book changed since, then the old ETag gets the new book', async () => {
    const seller = await createUser(catalog.db);
    const book = await createBook(catalog.db, seller.id, { priceCents: 1000 });
    const first = await catalog.invoke({ path: `/api/v1/books/${book.id}` });
    await catalog.db.models.Book.update({ priceCents: 800 }, { where: { id: book.id } });

    const again = await catalog.invoke({
      path: `/api/v1/books/${book.id}`,
      headers: { 'if-none-match': first.headers.etag ?? '' },
    });

    expect(again.statusCode).toBe(200);
    expect(again.json.book.priceCents).toBe(800);
    expect(again.headers.etag).not.toBe(first.headers.etag);
  });

  test('when a book is written beyond ASCII, then its answer escapes those characters and reads back the same', async () => {
    const seller = await createUser(catalog.db);
    const title = unique('Cien años de soledad, de Gabriel García Márquez 📚');
    const book = await createBook(catalog.db, seller.id, { title });

    const response = await catalog.invoke({ path: `/api/v1/books/${book.id}` });

    expect(response.statusCode).toBe(200);
    // eslint-disable-next-line no-control-regex -- the whole body must be ASCII
    expect(response.body).toMatch(/^[\x00-\x7f]*$/);
    expect(response.body).toContain('a\\u00f1os');
    expect(response.json.book.title).toBe(title);
  });

  test('when the answer is an error, then it is not marked cacheable', async () => {
    const response = await catalog.invoke({ path: '/api/v1/books/2147483646' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['cache-control']).toBeUndefined();
  });
});
