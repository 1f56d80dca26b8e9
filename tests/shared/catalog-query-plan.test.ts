import { QueryTypes } from 'sequelize';
import { createDatabase, type Database } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import {
  createBookCatalogRepository,
  type BookListQuery,
} from '../../shared/db/repositories/book-catalog-repository';
import { emptyPrivateDatabaseUrl } from '../support/test-database';

const BOOKS = 10_000;
const CATEGORIES = ['Poetry', 'History', 'Novel', 'Essay', 'Travel', 'Science', 'Children', 'Art'];
const CONDITIONS = ['new', 'like_new', 'good', 'fair', 'poor'] as const;

/**
 * The query plans of the catalog list over 10,000 books, on a database of this file's own: the
 * pages users ask for most read an index in the page's order and stop after a page, instead of
 * sorting every live book (a filesort or a temporary B-tree) for each request.
 */
describe('query plans of the catalog list on 10,000 books', () => {
  let db: Database;
  const statements: string[] = [];

  beforeAll(async () => {
    db = createDatabase({
      url: await emptyPrivateDatabaseUrl('query_plan'),
      pool: { kind: 'service', max: 2 },
      connectTimeoutMs: 5000,
      acquireTimeoutMs: 10000,
      logSql: (sql) => statements.push(sql),
    });
    await createMigrator(db.sequelize).up();
    const seller = await db.models.User.create({
      name: 'Seller',
      email: 'seller@query-plan.test',
      passwordHash: 'x',
    });
    const start = Date.now() - BOOKS * 1000;
    for (let offset = 0; offset < BOOKS; offset += 1000) {
      await db.models.Book.bulkCreate(
        Array.from({ length: 1000 }, (_, index) => {
          const n = offset + index;
          return {
            sellerId: seller.id,
            title: `Book ${n}`,
            author: `Author ${n % 500}`,
            description: '',
            condition: CONDITIONS[n % CONDITIONS.length] ?? 'good',
            category: CATEGORIES[n % CATEGORIES.length] ?? null,
            priceCents: (n * 7919) % 100_000,
            stock: n % 3,
            createdAt: new Date(start + n * 1000),
          };
        }),
      );
    }
    if (db.dialect === 'mysql') await db.sequelize.query('ANALYZE TABLE books, users');
    else await db.sequelize.query('ANALYZE');
  }, 120_000);

  afterAll(() => db.close());

  /** The plan of the statement the repository runs for a query, as text per step. */
  async function planOf(query: Partial<BookListQuery>): Promise<string[]> {
    statements.length = 0;
    await createBookCatalogRepository(db).list({
      filters: {},
      sort: 'newest',
      limit: 21,
      ...query,
    });
    const select = statements
      .map((sql) => sql.replace(/^Executing \([^)]*\): /, ''))
      .find((sql) => sql.startsWith('SELECT'));
    if (!select) throw new Error('the list ran no SELECT');
    if (db.dialect === 'mysql') {
      const rows = await db.sequelize.query<{
        table: string;
        type: string;
        key: string | null;
        Extra: string;
      }>(`EXPLAIN ${select}`, { type: QueryTypes.SELECT });
      return rows.map(
        (row) => `${row.table} type=${row.type} key=${row.key ?? 'none'} ${row.Extra}`,
      );
    }
    const rows = await db.sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${select}`, {
      type: QueryTypes.SELECT,
    });
    return rows.map((row) => row.detail);
  }

  const sorts = (plan: string[]) =>
    plan.some((step) => /filesort|TEMP B-TREE|temporary/i.test(step));
  const uses = (plan: string[], index: string) => plan.some((step) => step.includes(index));

  test.each([
    ['the newest books', {}, 'books_live_newest'],
    ['the cheapest books', { sort: 'price_asc' }, 'books_live_price'],
    ['the books by title', { sort: 'title' }, 'books_live_title'],
    [
      'the newest books of one category',
      { filters: { category: 'poetry' } },
      'books_live_category',
    ],
  ] as const)(
    'when a page of %s is listed, then an index gives it in order without sorting',
    async (_case, query, index) => {
      const plan = await planOf(query);

      expect({ plan, sorts: sorts(plan), usesIndex: uses(plan, index) }).toEqual({
        plan,
        sorts: false,
        usesIndex: true,
      });
    },
  );

  test.each([
    ['a search by relevance', { filters: { q: 'author 12' }, sort: 'relevance' }],
    ['a search with a short word', { filters: { q: 'book 1' }, sort: 'relevance' }],
    ['a search by price', { filters: { q: 'author' }, sort: 'price_asc' }],
    ['an author filter', { filters: { author: 'author 7' } }],
  ] as const)(
    'when %s is listed, then the full-text index finds the books instead of a scan',
    async (_case, query) => {
      const plan = await planOf(query);
      const fullText =
        db.dialect === 'mysql'
          ? plan.some((step) => /^b type=fulltext key=books_search_words/.test(step))
          : plan.some((step) => /VIRTUAL TABLE INDEX/.test(step)) &&
            !plan.some((step) => /^SCAN b\b/.test(step));

      expect({ plan, fullText }).toEqual({ plan, fullText: true });
    },
  );
});
