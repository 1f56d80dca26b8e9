import { QueryTypes } from 'sequelize';
import type { BookSort } from '../../../shared/domain/book-sorts';
import type { Database } from '../../../shared/db/create-database';
import type { BookCondition } from '../../../shared/domain/book-conditions';
import { INDEXED_WORD_MIN, searchTextOf, searchWordsOf } from '../../../shared/db/search-text';
import type { CatalogBook } from '../../../shared/api/response-schemas';
import { toBookJson, type BookRecord } from '../../../shared/api/book-json';
import { withStatementCeiling } from '../../../shared/db/statement-ceiling';

export type { CatalogBook };

export interface BookFilters {
  /**
   * Every word starts a word of the title or the author, ignoring case and accents. At least one
   * word must be INDEXED_WORD_MIN long (the schema checks it): that word is what the index looks up.
   */
  q?: string;
  /** Every word starts a word of the author; the same rule for a word the index looks up. */
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
  | { sort: 'relevance'; titleMatch: boolean; id: number }
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
 * itself, on the hottest path of the catalog function. The SQL is the same on MySQL and SQLite
 * except the full-text search, which each database's own index serves (see SearchDialect).
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

/**
 * The order of each sort, ending with the id that breaks ties. Every sort but relevance is the order
 * of a books_live_* index; relevance orders the books the full-text index found: those whose title
 * holds every word first, then the newest (the latest listed, the highest id).
 */
const ORDER_BY: Record<BookSort, string> = {
  relevance: 'titleMatch DESC, b.id DESC',
  newest: 'b.created_at DESC, b.id DESC',
  price_asc: 'b.price_cents ASC, b.id ASC',
  price_desc: 'b.price_cents DESC, b.id DESC',
  title: 'b.title ASC, b.id ASC',
};

type CatalogRow = BookRecord & { sellerName: string | null; titleMatch?: number | boolean };

const toCatalogBook = (row: CatalogRow): CatalogBook => ({
  ...toBookJson(row),
  sellerName: row.sellerName ?? '',
});

/** A book of a page and where the page after it would start. */
export interface CatalogListEntry {
  book: CatalogBook;
  position: BookPosition;
}

function positionOf(row: CatalogRow, book: CatalogBook, sort: BookSort): BookPosition {
  switch (sort) {
    case 'relevance':
      return { sort, titleMatch: Boolean(Number(row.titleMatch)), id: book.id };
    case 'newest':
      return { sort, createdAt: new Date(book.createdAt), id: book.id };
    case 'price_asc':
    case 'price_desc':
      return { sort, priceCents: book.priceCents, id: book.id };
    case 'title':
      return { sort, title: book.title, id: book.id };
  }
}

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

/** The words of a search, split into those the full-text index looks up and the shorter ones. */
function wordsOf(text: string): { indexed: string[]; short: string[] } {
  const words = [...new Set(searchWordsOf(text))];
  const indexed = words.filter((word) => word.length >= INDEXED_WORD_MIN);
  // The schema refuses a search without such a word; a caller that skips it must not get a scan.
  if (indexed.length === 0)
    throw new Error(`a search needs a word of at least ${INDEXED_WORD_MIN} letters`);
  return { indexed, short: words.filter((word) => word.length < INDEXED_WORD_MIN) };
}

type SearchColumn = 'title_search' | 'author_search';

/**
 * How each database reads the full-text index. The words are runs of letters, digits and
 * underscores (searchWordsOf), so none of them can hold a quote or an operator of either syntax.
 */
interface SearchDialect {
  /** The FROM clause of a search: live books that hold every word of `match` somewhere. */
  from(match: { q?: string; author?: string }, values: Values): string;
  /** A condition "every word of `text` starts a word of this column" on the rows found. */
  inColumn(column: SearchColumn, text: string, values: Values): string;
}

/**
 * MySQL/MariaDB: MATCH … AGAINST in boolean mode over the FULLTEXT index books_search_words, every
 * indexed word required as a prefix (+word*). Words under innodb_ft_min_token_size are not in the
 * index, and a column of its own is not either: both are checked with a regular expression on the
 * rows the index found, so their cost grows with the matches, never with the catalogue.
 */
function mysqlSearch(): SearchDialect {
  const startsAWord = (column: SearchColumn, word: string, values: Values) =>
    `b.${column} REGEXP ${values.of(`(?<![\\p{L}\\p{N}_])${word}`)}`;
  return {
    from(match, values) {
      const indexed = [match.q, match.author].flatMap((text) =>
        text === undefined ? [] : wordsOf(text).indexed,
      );
      const against = [...new Set(indexed)].map((word) => `+${word}*`).join(' ');
      const short = match.q === undefined ? [] : wordsOf(match.q).short;
      const shortWords = short.map(
        (word) =>
          ` AND (${startsAWord('title_search', word, values)} OR ${startsAWord('author_search', word, values)})`,
      );
      return `${FROM_LIVE_BOOKS} AND MATCH(b.title_search, b.author_search) AGAINST(${values.of(against)} IN BOOLEAN MODE)${shortWords.join('')}`;
    },
    inColumn(column, text, values) {
      const { indexed, short } = wordsOf(text);
      return [...indexed, ...short].map((word) => startsAWord(column, word, values)).join(' AND ');
    },
  };
}

/**
 * SQLite: the FTS5 table books_search (rowid = book id), which indexes every word whatever its
 * length; a column filter restricts a word to the title or the author.
 */
function sqliteSearch(): SearchDialect {
  const prefixes = (text: string, column?: SearchColumn) => {
    const { indexed, short } = wordsOf(text);
    return [...indexed, ...short]
      .map((word) => `${column === undefined ? '' : `${column} : `}"${word}"*`)
      .join(' AND ');
  };
  const matching = (expression: string, values: Values) =>
    `SELECT rowid FROM books_search WHERE books_search MATCH ${values.of(expression)}`;
  return {
    from(match, values) {
      const expression = [
        ...(match.q === undefined ? [] : [prefixes(match.q)]),
        ...(match.author === undefined ? [] : [prefixes(match.author, 'author_search')]),
      ].join(' AND ');
      return `FROM (${matching(expression, values)}) AS found JOIN books AS b ON b.id = found.rowid LEFT JOIN users AS seller ON seller.id = b.seller_id WHERE b.deleted_at IS NULL`;
    },
    inColumn(column, text, values) {
      return `b.id IN (${matching(prefixes(text, column), values)})`;
    },
  };
}

function otherConditions(filters: BookFilters, values: Values): string[] {
  const conditions: string[] = [];
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

/**
 * Keyset condition "comes after `position` in this sort order": (key, id) beyond the last row's.
 * `titleMatch` is the relevance key's expression, present when the sort is relevance.
 */
function afterPosition(position: BookPosition, values: Values, titleMatch: string): string {
  // Written as key beyond, or key equal and id beyond: the form the books_live_* indexes serve as a range.
  const beyond = (column: string, key: string | number | Date, comparison: '<' | '>') => {
    const value = values.of(key);
    return `(${column} ${comparison} ${value} OR (${column} = ${value} AND b.id ${comparison} ${values.of(position.id)}))`;
  };
  switch (position.sort) {
    case 'relevance':
      // Title matches come first: after one, the rest of the title matches and every other match.
      return position.titleMatch
        ? `(NOT (${titleMatch}) OR b.id < ${values.of(position.id)})`
        : `(NOT (${titleMatch}) AND b.id < ${values.of(position.id)})`;
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
export function createBookCatalogRepository(db: Database, statementLimitMs?: number) {
  const { sequelize } = db;
  const search = db.dialect === 'mysql' ? mysqlSearch() : sqliteSearch();

  const select = (sql: string, bind: string[]) =>
    sequelize.query<CatalogRow>(withStatementCeiling(sql, db.dialect, statementLimitMs), {
      type: QueryTypes.SELECT,
      ...(bind.length > 0 ? { bind } : {}),
    });

  return {
    /** One page of live books matching the filters, in the sort order, after a position. */
    async list(query: BookListQuery): Promise<CatalogListEntry[]> {
      const values = statementValues(db);
      const { q, author } = query.filters;
      const from =
        q === undefined && author === undefined
          ? FROM_LIVE_BOOKS
          : search.from(
              { ...(q === undefined ? {} : { q }), ...(author === undefined ? {} : { author }) },
              values,
            );
      if (query.sort === 'relevance' && q === undefined)
        throw new Error('relevance needs a search (the schema refuses it without q)');
      const titleMatch =
        query.sort === 'relevance' && q !== undefined
          ? search.inColumn('title_search', q, values)
          : '';
      const conditions = otherConditions(query.filters, values);
      if (author !== undefined && db.dialect === 'mysql')
        conditions.push(search.inColumn('author_search', author, values));
      if (query.after) conditions.push(afterPosition(query.after, values, titleMatch));
      const where = conditions.map((condition) => ` AND ${condition}`).join('');
      const columns =
        titleMatch === '' ? CATALOG_COLUMNS : `${CATALOG_COLUMNS}, (${titleMatch}) AS titleMatch`;
      const rows = await select(
        `SELECT ${columns} ${from}${where} ORDER BY ${ORDER_BY[query.sort]} LIMIT ${values.of(query.limit)}`,
        values.bind,
      );
      return rows.map((row) => {
        const book = toCatalogBook(row);
        return { book, position: positionOf(row, book, query.sort) };
      });
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
