import { QueryTypes } from 'sequelize';
import { mysqlSearchSteps } from '../../handlers/catalog/repositories/book-catalog-repository';
import type {
  BookListQuery,
  WindowEnd,
} from '../../handlers/catalog/repositories/book-catalog-repository';
import { searchWordsOf } from '../../shared/db/search-text';
import { createBook, createUser, unique } from '../support/factories';
import { startCatalogFunction, type CatalogFunction } from './catalog-function';
import { expectProblem, invalidPaths } from './problem-assertions';

const PATH = '/api/v1/books';

describe('full-text search of GET /api/v1/books', () => {
  let catalog: CatalogFunction;

  beforeAll(() => {
    catalog = startCatalogFunction();
  });
  afterAll(() => catalog.close());

  const newSeller = async () => (await createUser(catalog.db, { name: unique('Seller') })).id;
  const search = (sellerId: number, query: Record<string, string>) =>
    catalog.invoke({ path: PATH, query: { ...query, sellerId: String(sellerId), limit: '100' } });
  const ids = (response: { json: { items: Array<{ id: number }> } }) =>
    response.json.items.map((book) => book.id);
  const sortedIds = (response: { json: { items: Array<{ id: number }> } }) =>
    ids(response).sort((a, b) => a - b);

  test('when a word of q is the start of a word, then it matches; inside a word, it does not', async () => {
    const sellerId = await newSeller();
    const garden = await createBook(catalog.db, sellerId, { title: 'The Secret Garden' });
    await createBook(catalog.db, sellerId, { title: 'Hardened Hearts' });

    const start = await search(sellerId, { q: 'gard' });
    const inside = await search(sellerId, { q: 'arden' });

    expect(ids(start)).toEqual([garden.id]);
    expect(ids(inside)).toEqual([]);
  });

  test('when q has several words, then a book must hold every one, in its title or its author', async () => {
    const sellerId = await newSeller();
    const both = await createBook(catalog.db, sellerId, {
      title: 'The Hobbit',
      author: 'J. R. R. Tolkien',
    });
    await createBook(catalog.db, sellerId, { title: 'The Silmarillion', author: 'Tolkien' });

    const response = await search(sellerId, { q: 'tolkien hobbit' });

    expect(ids(response)).toEqual([both.id]);
  });

  test('when q is "the hobbit", then the stop word "the" must start a word like any other word', async () => {
    const sellerId = await newSeller();
    const theHobbit = await createBook(catalog.db, sellerId, { title: 'The Hobbit' });
    const there = await createBook(catalog.db, sellerId, { title: 'There and Back: a Hobbit' });
    await createBook(catalog.db, sellerId, { title: 'Hobbit Tales' });

    const response = await search(sellerId, { q: 'the hobbit' });

    expect(sortedIds(response)).toEqual([theHobbit.id, there.id]);
  });

  test('when q mixes a short word with a longer one, then the short word must start a word too', async () => {
    const sellerId = await newSeller();
    const tunel = await createBook(catalog.db, sellerId, {
      title: 'El túnel',
      author: 'Ernesto Sabato',
    });
    const apostrophe = await createBook(catalog.db, sellerId, {
      title: "L'Étranger",
      author: 'El Camus',
    });
    await createBook(catalog.db, sellerId, { title: 'Túneles del mundo', author: 'Ana Ruiz' });

    const withEl = await search(sellerId, { q: 'el tunel' });
    const withL = await search(sellerId, { q: "l'etranger" });

    expect(ids(withEl)).toEqual([tunel.id]);
    expect(ids(withL)).toEqual([apostrophe.id]);
  });

  test.each([
    ['q=el', { q: 'el' }, ['q']],
    ['q of one letter and punctuation', { q: 'j. r.' }, ['q']],
    ['q of punctuation only', { q: '%%' }, ['q']],
    ['author of two short words', { author: 'Yu Li' }, ['author']],
    ['sort=relevance without q', { sort: 'relevance' }, ['sort']],
  ])(
    'when the search has %s, then it is a 400 naming the parameter',
    async (_case, query, paths) => {
      const response = await catalog.invoke({ path: PATH, query });

      expectProblem(response, 400, 'invalid-input');
      expect(invalidPaths(response)).toEqual(paths);
    },
  );

  test('when q is given without sort, then title matches come first, each group newest first', async () => {
    const sellerId = await newSeller();
    const olderTitle = await createBook(catalog.db, sellerId, { title: 'Winter Orchard' });
    const author = await createBook(catalog.db, sellerId, { author: 'Ana Orchardson' });
    const newerTitle = await createBook(catalog.db, sellerId, { title: 'The Orchard Keeper' });
    const newestAuthor = await createBook(catalog.db, sellerId, { author: 'Orchard Press' });

    const response = await search(sellerId, { q: 'orchard' });

    expect(ids(response)).toEqual([newerTitle.id, olderTitle.id, newestAuthor.id, author.id]);
  });

  test('when author is given, then its words must start words of the author, not of the title', async () => {
    const sellerId = await newSeller();
    const byAuthor = await createBook(catalog.db, sellerId, { author: 'Gabriel García Márquez' });
    await createBook(catalog.db, sellerId, { title: 'García', author: 'Ana Ruiz' });

    const response = await search(sellerId, { author: 'garc marq' });

    expect(ids(response)).toEqual([byAuthor.id]);
  });

  test('when a book is deleted, then the search no longer finds it', async () => {
    const sellerId = await newSeller();
    const book = await createBook(catalog.db, sellerId, { title: 'Quixotic Lantern' });
    await catalog.db.models.Book.destroy({ where: { id: book.id } });

    const response = await search(sellerId, { q: 'quixotic' });

    expect(ids(response)).toEqual([]);
  });
});

/**
 * The same searches give the same books on SQLite and on MariaDB: each run checks its database
 * against one definition written here (every word of q starts a word of the folded title or
 * author), over a few hundred generated books with accents, apostrophes, hyphens and numbers.
 */
describe('search parity over generated books', () => {
  let catalog: CatalogFunction;
  let sellerId: number;
  const books: Array<{ id: number; title: string; author: string }> = [];

  const WORDS = [
    'Élan',
    'elan',
    "L'été",
    "O'Brien",
    'Jean-Paul',
    'Saint-Exupéry',
    'Tomás',
    'tomes',
    'Garden',
    'gardener',
    'the',
    'The',
    'of',
    'El',
    'él',
    '1984',
    '19',
    '3.5',
    'Über',
    'Straße',
    'naïve',
    'Ñandú',
    'cotton_tales',
    'Ōe',
    'Kenzaburō',
    'Brontë',
    "rock'n'roll",
    'x',
  ];
  const QUERIES = [
    'garden',
    'gard',
    'the garden',
    'el',
    'el elan',
    'elan',
    'tomas',
    'tom',
    "o'brien",
    'brien',
    'jean paul',
    'jean-paul',
    'exupery',
    '1984',
    '19 1984',
    '3.5 garden',
    'uber',
    'strasse',
    'naive',
    'nandu',
    'cotton_tales',
    'tales',
    'oe kenzaburo',
    'bronte',
    'roll',
    "rock'n'roll",
    'x garden',
    'ete',
    'of the',
  ];

  /** A deterministic PRNG so every run, on either database, gets the same books. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }

  beforeAll(async () => {
    catalog = startCatalogFunction();
    sellerId = (await createUser(catalog.db, { name: unique('Parity seller') })).id;
    const next = random(24);
    const phrase = (words: number) =>
      Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(
        next() < 0.5 ? ' ' : ' - ',
      );
    const rows = Array.from({ length: 300 }, () => ({
      sellerId,
      title: phrase(1 + Math.floor(next() * 4)),
      author: phrase(1 + Math.floor(next() * 2)),
      description: 'parity',
      isbn: null,
      condition: 'good' as const,
      category: null,
      priceCents: 100,
      stock: 1,
    }));
    const created = await catalog.db.models.Book.bulkCreate(rows);
    books.push(...created.map((book) => ({ id: book.id, title: book.title, author: book.author })));
  }, 60_000);
  afterAll(() => catalog.close());

  /** The contract: every word of q starts a word of the title or of the author. */
  function expected(q: string): number[] {
    const wanted = searchWordsOf(q);
    return books
      .filter((book) => {
        const words = [...searchWordsOf(book.title), ...searchWordsOf(book.author)];
        return wanted.every((word) => words.some((candidate) => candidate.startsWith(word)));
      })
      .map((book) => book.id)
      .sort((a, b) => a - b);
  }

  async function found(q: string): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { q, sellerId: String(sellerId), limit: '100' };
      if (cursor) query.cursor = cursor;
      const response = await catalog.invoke({ path: PATH, query });
      expect(response.statusCode).toBe(200);
      seen.push(...(response.json.items as Array<{ id: number }>).map((book) => book.id));
      cursor = response.json.nextCursor as string | null;
    } while (cursor);
    return seen.sort((a, b) => a - b);
  }

  test.each(QUERIES.filter((q) => searchWordsOf(q).some((word) => word.length >= 3)))(
    'when q=%s, then the books found are those whose words start with each word of q',
    async (q) => {
      const answer = await found(q);

      expect(answer).toEqual(expected(q));
    },
  );

  const rowsOf = (sql: string) =>
    catalog.db.sequelize.query<WindowEnd>(sql, { type: QueryTypes.SELECT });
  const idsOf = (rows: WindowEnd[]) => rows.map((row) => row.id);

  // MySQL reads a common word's page in page order instead of from the full-text index (see
  // mysqlSearch): for every step, the scan of all the books that remain gives the index's books in
  // its order, and the scan of a window ending at one of them gives the index's books up to it.
  test.each(QUERIES.filter((q) => searchWordsOf(q).some((word) => word.length >= 3)))(
    'when q=%s is read on MySQL by scan instead of by index, then each step gives the same books in order',
    async (q) => {
      if (catalog.db.dialect !== 'mysql') return;
      const middle = books[150]?.id ?? 0;
      const queries: BookListQuery[] = [
        { filters: { q, sellerId }, sort: 'relevance', limit: 100 },
        {
          filters: { q, sellerId },
          sort: 'relevance',
          limit: 5,
          after: { sort: 'relevance', titleMatch: true, id: middle },
        },
        {
          filters: { q, sellerId },
          sort: 'relevance',
          limit: 5,
          after: { sort: 'relevance', titleMatch: false, id: middle },
        },
        { filters: { q, sellerId }, sort: 'price_desc', limit: 100 },
        { filters: { q, sellerId }, sort: 'title', limit: 100 },
        { filters: { author: q, sellerId }, sort: 'newest', limit: 100 },
      ];
      const steps = queries.flatMap((query) => mysqlSearchSteps(catalog.db, query));
      const results = await Promise.all(
        steps.map(async (step) => {
          const index = await rowsOf(step.index);
          const end = index[Math.floor(index.length / 2)];
          return {
            index: idsOf(index),
            scan: idsOf(await rowsOf(step.scan(undefined))),
            upToMiddle: end === undefined ? [] : idsOf(await rowsOf(step.scan(end))),
            indexUpToMiddle: idsOf(index.slice(0, Math.floor(index.length / 2) + 1)),
          };
        }),
      );

      expect(results.map(({ scan, upToMiddle }) => ({ scan, upToMiddle }))).toEqual(
        results.map(({ index, indexUpToMiddle }) => ({
          scan: index,
          upToMiddle: index.length === 0 ? [] : indexUpToMiddle,
        })),
      );
      expect(results.some((result) => result.index.length > 0)).toBe(expected(q).length > 0);
    },
  );

  test.each([
    ['garden', 'common among the newest books', false],
    ['zanzibar', 'in no book', true],
  ])(
    'when q=%s (%s) is listed on MySQL, then the full-text index is asked: %s',
    async (q, _words, asksIndex) => {
      if (catalog.db.dialect !== 'mysql') return;
      const { sequelize } = catalog.db;
      const original = sequelize.query.bind(sequelize);
      const sent: string[] = [];
      const spy = jest.spyOn(sequelize, 'query').mockImplementation(((
        sql: string,
        options: object,
      ) => {
        sent.push(sql);
        return original(sql, options as never);
      }) as never);
      try {
        const response = await catalog.invoke({
          path: PATH,
          query: { q, sellerId: String(sellerId), limit: '5' },
        });
        const items = (response.json.items as Array<{ id: number }>).map((book) => book.id);

        expect({
          items,
          asksIndex: sent.some((sql) => sql.includes('MATCH(')),
        }).toEqual({
          items: expected(q).length === 0 ? [] : items,
          asksIndex,
        });
        expect(items.length).toBe(Math.min(5, expected(q).length));
      } finally {
        spy.mockRestore();
      }
    },
  );

  test('when the generated queries run, then most find something (the parity is not vacuous)', () => {
    const withMatches = QUERIES.filter((q) => expected(q).length > 0);

    expect(withMatches.length).toBeGreaterThan(QUERIES.length / 2);
  });
});
