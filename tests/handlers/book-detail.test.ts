import { createBook, createUser } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem, invalidPaths } from './problem-assertions';

describe('GET /api/v1/books/{id}', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  test("when the book is listed, then it answers { book } with the seller's name", async () => {
    const seller = await createUser(catalog.db, { name: 'Gabriela Seller' });
    const book = await createBook(catalog.db, seller.id, {
      title: 'Desolación',
      priceCents: 1999,
      condition: 'like_new',
    });

    const response = await catalog.invoke({ path: `/api/v1/books/${book.id}` });

    expect(response.statusCode).toBe(200);
    expect(response.json.book).toMatchObject({
      id: book.id,
      title: 'Desolación',
      priceCents: 1999,
      currency: 'USD',
      condition: 'like_new',
      sellerId: seller.id,
      sellerName: 'Gabriela Seller',
    });
  });

  test('when the book has a cover, then it answers its large and thumbnail URLs, else null', async () => {
    const seller = await createUser(catalog.db);
    const covered = await createBook(catalog.db, seller.id);
    const bare = await createBook(catalog.db, seller.id);
    const [large, small] = ['a'.repeat(64), 'b'.repeat(64)];
    await catalog.db.models.Book.update(
      { coverKey: large, thumbnailKey: small },
      { where: { id: covered.id } },
    );

    const withCover = await catalog.invoke({ path: `/api/v1/books/${covered.id}` });
    const without = await catalog.invoke({ path: `/api/v1/books/${bare.id}` });

    expect(withCover.json.book).toMatchObject({
      coverUrl: `/covers/${large}.webp`,
      thumbnailUrl: `/covers/${small}.webp`,
    });
    expect(without.json.book).toMatchObject({ coverUrl: null, thumbnailUrl: null });
  });

  test('when the book was deleted, then it is a 404', async () => {
    const seller = await createUser(catalog.db);
    const book = await createBook(catalog.db, seller.id);
    await catalog.db.models.Book.destroy({ where: { id: book.id } });

    const response = await catalog.invoke({ path: `/api/v1/books/${book.id}` });

    expectProblem(response, 404, 'not-found');
  });

  test('when no book has the id, then it is a 404', async () => {
    const response = await catalog.invoke({ path: '/api/v1/books/2147483647' });

    expectProblem(response, 404, 'not-found');
  });

  test.each([
    'abc',
    '1.5',
    '-1',
    '0',
    '1e3',
    '01',
    '99999999999',
    '%20',
    '1%3B%20DROP%20TABLE%20books',
  ])('when the id is "%s", then it is a 400 on id', async (id) => {
    const response = await catalog.invoke({ path: `/api/v1/books/${id}` });

    expectProblem(response, 400, 'invalid-input');
    expect(invalidPaths(response)).toEqual(['id']);
  });

  test('when a query parameter is sent, then it is a 400', async () => {
    const seller = await createUser(catalog.db);
    const book = await createBook(catalog.db, seller.id);

    const response = await catalog.invoke({ path: `/api/v1/books/${book.id}?expand=seller` });

    expectProblem(response, 400, 'invalid-input');
  });
});
