import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem, invalidPaths } from './problem-assertions';

const PATH = '/api/v1/books';

describe('search and filters of GET /api/v1/books', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  /** A seller of its own, so that filtering by sellerId isolates the test's books. */
  const newSeller = async () => (await createUser(catalog.db, { name: unique('Seller') })).id;
  const list = (sellerId: number, query: Record<string, string>) =>
    catalog.invoke({ path: PATH, query: { ...query, sellerId: String(sellerId) } });
  const ids = (response: { json: { items: Array<{ id: number }> } }) =>
    response.json.items.map((book) => book.id).sort((a, b) => a - b);

  test('when q is typed without accents or in another case, then titles and authors with them are found', async () => {
    const sellerId = await newSeller();
    const tomas = await createBook(catalog.db, sellerId, { title: 'Las cartas de Tomás' });
    const byAuthor = await createBook(catalog.db, sellerId, { author: 'TOMÁS Eloy Martínez' });
    await createBook(catalog.db, sellerId, { title: 'Tomes and tales', author: 'Ana Ruiz' });

    const plain = await list(sellerId, { q: 'tomas' });
    const accented = await list(sellerId, { q: 'TOMÁS' });

    expect(plain.statusCode).toBe(200);
    expect(ids(plain)).toEqual([tomas.id, byAuthor.id]);
    expect(ids(accented)).toEqual([tomas.id, byAuthor.id]);
  });

  test('when author is part of a name, in any case or accents, then that author is found', async () => {
    const sellerId = await newSeller();
    const vargas = await createBook(catalog.db, sellerId, { author: 'Rosa Vargas' });
    const llosa = await createBook(catalog.db, sellerId, { author: 'Mario Várgas Llosa' });
    await createBook(catalog.db, sellerId, { author: 'Julio Cortázar', title: 'Vargas' });

    const part = await list(sellerId, { author: 'varg' });
    const upper = await list(sellerId, { author: 'VARGAS' });

    expect(ids(part)).toEqual([vargas.id, llosa.id]);
    expect(ids(upper)).toEqual([vargas.id, llosa.id]);
  });

  test('when a title or author is edited, then the search follows the new text', async () => {
    const sellerId = await newSeller();
    const book = await createBook(catalog.db, sellerId, { title: 'Rayuela', author: 'Anónimo' });

    await catalog.db.models.Book.update(
      { title: 'Ñandú', author: 'Julio Cortázar' },
      { where: { id: book.id } },
    );
    const byNewTitle = await list(sellerId, { q: 'nandu' });
    const byOldTitle = await list(sellerId, { q: 'rayuela' });
    const byNewAuthor = await list(sellerId, { author: 'cortazar' });

    expect(ids(byNewTitle)).toEqual([book.id]);
    expect(ids(byOldTitle)).toEqual([]);
    expect(ids(byNewAuthor)).toEqual([book.id]);
  });

  test('when condition is given, then only books in that condition are listed', async () => {
    const sellerId = await newSeller();
    const good = await createBook(catalog.db, sellerId, { condition: 'good' });
    await createBook(catalog.db, sellerId, { condition: 'like_new' });
    await createBook(catalog.db, sellerId, { condition: 'poor' });

    const response = await list(sellerId, { condition: 'good' });

    expect(ids(response)).toEqual([good.id]);
  });

  test('when category is given, then books of exactly that category are listed, whatever case and accents', async () => {
    const sellerId = await newSeller();
    const poetry = await createBook(catalog.db, sellerId, { category: 'Poesía' });
    const lower = await createBook(catalog.db, sellerId, { category: 'poesia' });
    await createBook(catalog.db, sellerId, { category: 'Poesía épica' });
    await createBook(catalog.db, sellerId, { category: null });

    const response = await list(sellerId, { category: 'POESIA' });

    expect(ids(response)).toEqual([poetry.id, lower.id]);
  });

  test('when filters are combined, then a book must match all of them', async () => {
    const sellerId = await newSeller();
    const match = await createBook(catalog.db, sellerId, {
      author: 'Gabriela Mistral',
      condition: 'fair',
      category: 'Poetry',
    });
    await createBook(catalog.db, sellerId, {
      author: 'Gabriela Mistral',
      condition: 'good',
      category: 'Poetry',
    });
    await createBook(catalog.db, sellerId, {
      author: 'Pablo Neruda',
      condition: 'fair',
      category: 'Poetry',
    });

    const response = await list(sellerId, {
      author: 'mistral',
      condition: 'fair',
      category: 'poetry',
    });

    expect(ids(response)).toEqual([match.id]);
  });

  test.each([
    ['an unknown condition', { condition: 'mint' }, ['condition']],
    ['a condition in another case', { condition: 'GOOD' }, ['condition']],
    ['an empty category', { category: ' ' }, ['category']],
    ['an absurdly long category', { category: 'x'.repeat(61) }, ['category']],
    ['a NUL byte in q', { q: 'a\u0000b' }, ['q']],
    ['a control character in author', { author: '\u001b[31m' }, ['author']],
    ['a NUL byte in category', { category: '\u0000' }, ['category']],
  ])(
    'when the query has %s, then it is a 400 naming the parameter',
    async (_case, query, paths) => {
      const response = await catalog.invoke({ path: PATH, query });

      expectProblem(response, 400, 'invalid-input');
      expect(invalidPaths(response)).toEqual(paths);
    },
  );
});
