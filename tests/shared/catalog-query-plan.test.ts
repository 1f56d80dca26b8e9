import { createDatabase, type Database } from '../../shared/db/create-database';
import { createMigrator } from '../../shared/db/migrator';
import {
  createBookCatalogRepository,
  mysqlSearchSample,
  mysqlSearchSteps,
  type BookListQuery,
} from '../../handlers/catalog/repositories/book-catalog-repository';
import { createBookInventoryRepository } from '../../origin/inventory/book-inventory-repository';
import { createOrderRepository } from '../../origin/orders/order-repository';
import { createUserRepository } from '../../shared/db/repositories/user-repository';
import { createSalesRepository } from '../../origin/sales/sales-repository';
import { createCategoryListRepository } from '../../handlers/catalog/repositories/category-list-repository';
import { emptyPrivateDatabaseUrl } from '../support/test-database';
import { loggedStatement, planOfStatement, sortsRows } from '../support/query-plans';

const BOOKS = 10_000;
const CATEGORIES = ['Poetry', 'History', 'Novel', 'Essay', 'Travel', 'Science', 'Children', 'Art'];
const CONDITIONS = ['new', 'like_new', 'good', 'fair', 'poor'] as const;
const ORDERS = 3000;
const STATUSES = ['pending_payment', 'paid', 'delivery_assigned', 'cancelled', 'expired'] as const;

/**
 * The query plans of every list route over 10,000 books and 3,000 orders, on a database of this
 * file's own: each page reads an index in the page's order and stops after a page, instead of
 * sorting every live book, a seller's catalogue or sales, or a buyer's history (a filesort or a
 * temporary B-tree) for each request; a search reads the full-text index.
 */
describe('query plans of the list routes on 10,000 books and 3,000 orders', () => {
  let db: Database;
  const statements: string[] = [];
  const ids = { seller: 0, smallSeller: 0, buyer: 0, otherBuyer: 0 };

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
    ids.seller = seller.id;
    await seedOrders();
    if (db.dialect === 'mysql')
      await db.sequelize.query('ANALYZE TABLE books, users, orders, order_lines, category_counts');
    else await db.sequelize.query('ANALYZE');
  }, 120_000);

  afterAll(() => db.close());

  /**
   * A small seller with 50 books, two buyers, 3,000 more categories, and 3,000 orders of one line each (most of the big
   * seller's books, every 50th of the small seller's) in every state, as raw rows: the plans only
   * need the rows and their indexes.
   */
  async function seedOrders(): Promise<void> {
    const user = (name: string) =>
      db.models.User.create({ name, email: `${name}@query-plan.test`, passwordHash: 'x' });
    ids.smallSeller = (await user('small-seller')).id;
    ids.buyer = (await user('buyer')).id;
    ids.otherBuyer = (await user('other-buyer')).id;
    const smallBooks = await db.models.Book.bulkCreate(
      Array.from({ length: 50 }, (_, n) => ({
        sellerId: ids.smallSeller,
        title: `Small ${n}`,
        author: 'Small Author',
        description: '',
        condition: 'good' as const,
        category: null,
        priceCents: 100,
        stock: 1,
      })),
    );
    const now = new Date();
    const queryInterface = db.sequelize.getQueryInterface();
    await queryInterface.bulkInsert(
      'orders',
      Array.from({ length: ORDERS }, (_, n) => ({
        id: n + 1,
        buyer_id: n % 10 === 0 ? ids.otherBuyer : ids.buyer,
        status: STATUSES[n % STATUSES.length],
        total_cents: 100,
        currency: 'USD',
        expires_at: now,
        created_at: now,
        updated_at: now,
      })),
    );
    // Counts as the books' triggers keep them, for a shop with thousands of categories.
    await queryInterface.bulkInsert(
      'category_counts',
      Array.from({ length: 3000 }, (_, n) => ({
        category_search: `extra ${n}`,
        category: `Extra ${n}`,
        book_count: (n % 97) + 1,
      })),
    );
    await queryInterface.bulkInsert(
      'order_lines',
      Array.from({ length: ORDERS }, (_, n) => {
        const small = n % 50 === 0;
        return {
          order_id: n + 1,
          book_id: small ? (smallBooks[n % 50]?.id ?? 1) : (n % BOOKS) + 1,
          seller_id: small ? ids.smallSeller : ids.seller,
          title: 't',
          author: 'a',
          unit_price_cents: 100,
          quantity: 1,
        };
      }),
    );
  }

  /** The plan of the first SELECT that `run` sends (without a statement ceiling), as text per step. */
  async function planOfRun(run: () => Promise<unknown>): Promise<string[]> {
    statements.length = 0;
    await run();
    const select = statements.map(loggedStatement).find((sql) => sql.startsWith('SELECT'));
    if (!select) throw new Error('the list ran no SELECT');
    return planOfSelect(select);
  }

  const planOfSelect = (select: string) => planOfStatement(db, select);

  /** The plan of the statement the catalog repository runs for a query. */
  const planOf = (query: Partial<BookListQuery>) =>
    planOfRun(() =>
      createBookCatalogRepository(db).list({ filters: {}, sort: 'newest', limit: 21, ...query }),
    );

  const sorts = sortsRows;
  const uses = (plan: string[], index: string | RegExp) =>
    plan.some((step) => (typeof index === 'string' ? step.includes(index) : index.test(step)));

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

  const searches = [
    ['a search by relevance', { filters: { q: 'author 12' }, sort: 'relevance' }],
    ['a search with a short word', { filters: { q: 'book 1' }, sort: 'relevance' }],
    ['a search by price', { filters: { q: 'author' }, sort: 'price_asc' }],
    ['an author filter', { filters: { author: 'author 7' } }],
  ] as const;

  test.each(searches)(
    'when %s is listed on SQLite, then the full-text index finds the books instead of a scan',
    async (_case, query) => {
      // MySQL chooses between its full-text index and a bounded read in page order per search:
      // the test below holds the plan of each of those statements.
      if (db.dialect === 'mysql') return;
      const plan = await planOf(query);
      const fullText =
        plan.some((step) => /VIRTUAL TABLE INDEX/.test(step)) &&
        !plan.some((step) => /^SCAN b\b/.test(step));

      expect({ plan, fullText }).toEqual({ plan, fullText: true });
    },
  );

  // MySQL asks the full-text index under a short ceiling and, when it has too many matches to
  // answer in time, reads the books in the page's order instead: each such read must walk an index
  // in that order and stop after a page, and each index step must use a full-text index.
  test.each(searches)(
    'when %s is read on MySQL, then each step either finds it in a full-text index or reads an index in page order',
    async (_case, query) => {
      if (db.dialect !== 'mysql') return;
      const steps = mysqlSearchSteps(db, { sort: 'newest', limit: 21, ...query });
      // A window that ends within the catalogue, whatever its sort key.
      const end = { id: 5000, createdAt: new Date(), priceCents: 50_000, title: 'Book 5000' };
      const sample = await planOfSelect(
        mysqlSearchSample(db, { sort: 'newest', limit: 21, ...query }),
      );
      expect({
        sample,
        sorts: sorts(sample),
        primary: uses(sample, 'type=range key=PRIMARY'),
      }).toEqual({
        sample,
        sorts: false,
        primary: true,
      });
      const plans = await Promise.all(
        steps.map(async (step) => {
          const index = await planOfSelect(step.index);
          const scans = [
            await planOfSelect(step.windowEnd),
            await planOfSelect(step.scan(end)),
            await planOfSelect(step.scan(undefined)),
          ];
          return {
            index,
            scans,
            fullText: index.some((line) =>
              /^b type=fulltext key=books_(search|title)_words/.test(line),
            ),
            scansSort: scans.some(sorts),
          };
        }),
      );

      expect(plans.map(({ fullText, scansSort }) => ({ fullText, scansSort }))).toEqual(
        steps.map(() => ({ fullText: true, scansSort: false })),
      );
    },
  );

  const page = { limit: 20, beforeId: 2000 };
  test.each([
    [
      "a big seller's sales (/me/sales)",
      () => createSalesRepository(db).listOfSeller(ids.seller, page),
      'order_lines_seller',
    ],
    [
      "a small seller's sales (/me/sales)",
      () => createSalesRepository(db).listOfSeller(ids.smallSeller, { limit: 20 }),
      'order_lines_seller',
    ],
    [
      "a big seller's books (/me/books)",
      () => createBookInventoryRepository(db).listOfSeller(ids.seller, page),
      // The seller owns nearly every book: reading the books newest id first is as good.
      /books_seller_live|key=PRIMARY|^SEARCH Book USING INTEGER PRIMARY KEY/,
    ],
    [
      "a small seller's books (/me/books)",
      () => createBookInventoryRepository(db).listOfSeller(ids.smallSeller, { limit: 20 }),
      'books_seller_live',
    ],
    [
      "a buyer's orders (/orders)",
      () => createOrderRepository(db).list({ buyerId: ids.buyer, ...page }),
      'orders_buyer',
    ],
    [
      "a buyer's orders in one status (/orders?status)",
      () => createOrderRepository(db).list({ buyerId: ids.buyer, status: 'paid', ...page }),
      'orders_buyer_status',
    ],
    [
      'every order (/orders?scope=all)',
      () => createOrderRepository(db).list(page),
      /key=PRIMARY|^(SCAN|SEARCH) Order\b/,
    ],
    [
      'every order in one status (/orders?scope=all&status)',
      () => createOrderRepository(db).list({ status: 'expired', ...page }),
      'orders_status',
    ],
    [
      "one buyer's orders (/orders?scope=all&buyerId)",
      () => createOrderRepository(db).list({ buyerId: ids.otherBuyer, ...page }),
      'orders_buyer',
    ],
    [
      "one buyer's orders in one status (/orders?scope=all&buyerId&status)",
      () => createOrderRepository(db).list({ buyerId: ids.otherBuyer, status: 'paid', ...page }),
      'orders_buyer_status',
    ],
    [
      'the categories (/categories)',
      () => createCategoryListRepository(db).mostBooks(100),
      'category_counts_most_books',
    ],
    [
      'the users (/users)',
      () => createUserRepository(db).listAfter(2, 20),
      /key=PRIMARY|^SEARCH User USING INTEGER PRIMARY KEY/,
    ],
  ])(
    'when a page of %s is listed, then an index gives it in order without sorting',
    async (_case, run, index) => {
      const plan = await planOfRun(run);

      expect({ plan, sorts: sorts(plan), usesIndex: uses(plan, index) }).toEqual({
        plan,
        sorts: false,
        usesIndex: true,
      });
    },
  );
});
