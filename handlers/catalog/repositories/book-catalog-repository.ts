import { QueryTypes } from 'sequelize';
import type { BookSort } from '../../../shared/domain/book-sorts';
import type { Database } from '../../../shared/db/create-database';
import type { BookCondition } from '../../../shared/domain/book-conditions';
import { searchTextOf } from '../../../shared/db/search-text';
import type { CatalogBook } from '../../../shared/api/response-schemas';
import { toBookJson, type BookRecord } from '../../../shared/db/repositories/book-mapper';

export type { CatalogBook };

export interface BookFilters {
  /** Title or author contains this text, ignoring case and accents. */
  q?: string;
  /** Author contains this text, ignoring case and accents. */
  author?: string;
  sellerId?: number;
  condition?: BookCondition;
  /** Exactly this category, ignoring case and accents. */
  category?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  /** true: only books with stock; false: only sold-out books. */
  inStock?: boolean;
}

/** Where the previous page ended: the sort key of its last book, and its id to break ties. */
export type BookPosition =
  | { sort: 'newest'; createdAt: Date; id: number }
  | { sort: 'price_asc' | 'price_desc'; priceCents: number; id: number }
  | { sort: 'title'; title: string; id: number };

export interface BookListQuery {
  filters: BookFilters;
  sort: BookSort;
  after?: BookPosition;
  limit: number;
}

/**
 * The catalog reads are one hand-written statement each rather than Book.findAll with an include:
 * building model instances for a page of books and their sellers cost several times the query
 * itself, on the hottest path of the catalog function. The SQL is the same on MySQL and SQLite.
 */

/** A book row and its seller's name, under the names the API uses. */
const CATALOG_COLUMNS = [
  'b.id',
  'b.seller_id AS sellerId',
  'b.title',
  'b.author',
  'b.description',
  'b.isbn',
  'b.`condition`',
  'b.category',
  'b.price_cents AS priceCents',
  'b.currency',
  'b.stock',
  'b.cover_key AS coverKey',
  'b.thumbnail_key AS thumbnailKey',
  'b.created_at AS createdAt',
  'b.updated_at AS updatedAt',
  'seller.name AS sellerName',
].join(', ');

// A LEFT JOIN, as the ORM wrote it: with an inner join MariaDB may start from the few users and
// sort every live book for each page instead of reading the books' index in order.
const FROM_LIVE_BOOKS =
  'FROM books AS b LEFT JOIN users AS seller ON seller.id = b.seller_id WHERE b.deleted_at IS NULL';

/** The index order of each sort, ending with the id that breaks ties (see the books_live_* indexes). */
const ORDER_BY: Record<BookSort, string> = {
  newest: 'b.created_at DESC, b.id DESC',
  price_asc: 'b.price_cents ASC, b.id ASC',
  price_desc: 'b.price_cents DESC, b.id DESC',
  title: 'b.title ASC, b.id ASC',
};

type CatalogRow = BookRecord & { sellerName: string | null };

const toCatalogBook = (row: CatalogRow): CatalogBook => ({
  ...toBookJson(row),
  sellerName: row.sellerName ?? '',
});

/**
 * The values of one statement. On MySQL each is inlined as an escaped literal, so the statement
 * goes as plain text: a server-side prepared statement would pin an RDS Proxy session to one
 * database connection. On SQLite text is bound ($1, $2 …): an inlined NUL would end the statement,
 * and a stored title (a title cursor) may hold anything. Numbers and dates are inlined on both.
 */
function statementValues(db: Database) {
  const { sequelize } = db;
  const bind: string[] = [];
  return {
    bind,
    /** The SQL that stands for `value` in the statement. */
    of(value: string | number | Date): string {
      if (typeof value !== 'string' || db.dialect === 'mysql') return sequelize.escape(value);
      bind.push(value);
      return `$${bind.length}`;
    },
  };
}

type Values = ReturnType<typeof statementValues>;

/**
 * "The search column contains the search form of the text": both sides folded the same way, so
 * case and accents never matter whatever the database's collation. INSTR rather than LIKE, so
 * that % and _ in the text need no escaping.
 */
function contains(column: 'title_search' | 'author_search', text: string, values: Values): string {
  return `INSTR(b.${column}, ${values.of(searchTextOf(text))}) > 0`;
}

function filterConditions(filters: BookFilters, values: Values): string[] {
  const conditions: string[] = [];
  if (filters.q !== undefined)
    conditions.push(
      `(${contains('title_search', filters.q, values)} OR ${contains('author_search', filters.q, values)})`,
    );
  if (filters.author !== undefined)
    conditions.push(contains('author_search', filters.author, values));
  if (filters.condition !== undefined)
    conditions.push(`b.\`condition\` = ${values.of(filters.condition)}`);
  if (filters.category !== undefined)
    conditions.push(`b.category_search = ${values.of(searchTextOf(filters.category))}`);
  if (filters.sellerId !== undefined)
    conditions.push(`b.seller_id = ${values.of(filters.sellerId)}`);
  if (filters.minPriceCents !== undefined)
    conditions.push(`b.price_cents >= ${values.of(filters.minPriceCents)}`);
  if (filters.maxPriceCents !== undefined)
    conditions.push(`b.price_cents <= ${values.of(filters.maxPriceCents)}`);
  if (filters.inStock !== undefined)
    conditions.push(filters.inStock ? 'b.stock > 0' : 'b.stock = 0');
  return conditions;
}

/** Keyset condition "comes after `position` in this sort order": (key, id) beyond the last row's. */
function afterPosition(position: BookPosition, values: Values): string {
  // Written as key beyond, or key equal and id beyond: the form the books_live_* indexes serve as a range.
  const beyond = (column: string, key: string | number | Date, comparison: '<' | '>') => {
    const value = values.of(key);
    return `(${column} ${comparison} ${value} OR (${column} = ${value} AND b.id ${comparison} ${values.of(position.id)}))`;
  };
  switch (position.sort) {
    case 'newest':
      return beyond('b.created_at', position.createdAt, '<');
    case 'price_asc':
      return beyond('b.price_cents', position.priceCents, '>');
    case 'price_desc':
      return beyond('b.price_cents', position.priceCents, '<');
    case 'title':
      return beyond('b.title', position.title, '>');
  }
}

/** Public catalog reads. Deleted books never appear. Returns plain objects. */
export function createBookCatalogRepository(db: Database) {
  const { sequelize } = db;

  const select = (sql: string, bind: string[]) =>
    sequelize.query<CatalogRow>(sql, {
      type: QueryTypes.SELECT,
      ...(bind.length > 0 ? { bind } : {}),
    });

  return {
    /** One page of live books matching the filters, in the sort order, after a position. */
    async list(query: BookListQuery): Promise<CatalogBook[]> {
      const values = statementValues(db);
      const conditions = filterConditions(query.filters, values);
      if (query.after) conditions.push(afterPosition(query.after, values));
      const where = conditions.map((condition) => ` AND ${condition}`).join('');
      const rows = await select(
        `SELECT ${CATALOG_COLUMNS} ${FROM_LIVE_BOOKS}${where} ORDER BY ${ORDER_BY[query.sort]} LIMIT ${values.of(query.limit)}`,
        values.bind,
      );
      return rows.map(toCatalogBook);
    },

    /** A live book by id, or undefined (also when deleted). */
    async find(id: number): Promise<CatalogBook | undefined> {
      const values = statementValues(db);
      const [row] = await select(
        `SELECT ${CATALOG_COLUMNS} ${FROM_LIVE_BOOKS} AND b.id = ${values.of(id)}`,
        values.bind,
      );
      return row ? toCatalogBook(row) : undefined;
    },
  };
}

export type BookCatalogRepository = ReturnType<typeof createBookCatalogRepository>;
