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
 * except the full-text search, which each database's own index serves (sqliteSearch, mysqlSearch).
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

/** A search's words: those of `q` (title or author) and of the `author` filter. */
interface SearchWords {
  q?: string;
  author?: string;
}

/**
 * SQLite: the FTS5 table books_search (rowid = book id), which indexes every word whatever its
 * length; a column filter restricts a word to the title or the author. One statement: SQLite is the
 * embedded database of one machine, and its in-process FTS5 gathers 60,000 matches in milliseconds.
 */
function sqliteSearch() {
  const prefixes = (text: string, column?: SearchColumn) => {
    const { indexed, short } = wordsOf(text);
    return [...indexed, ...short]
      .map((word) => `${column === undefined ? '' : `${column} : `}"${word}"*`)
      .join(' AND ');
  };
  const matching = (expression: string, values: Values) =>
    `SELECT rowid FROM books_search WHERE books_search MATCH ${values.of(expression)}`;
  return {
    /** The FROM clause of a search: live books that hold every word somewhere. */
    from(match: SearchWords, values: Values): string {
      const expression = [
        ...(match.q === undefined ? [] : [prefixes(match.q)]),
        ...(match.author === undefined ? [] : [prefixes(match.author, 'author_search')]),
      ].join(' AND ');
      return `FROM (${matching(expression, values)}) AS found JOIN books AS b ON b.id = found.rowid LEFT JOIN users AS seller ON seller.id = b.seller_id WHERE b.deleted_at IS NULL`;
    },
    /** "Every word of `text` starts a word of this column", on the rows found. */
    inColumn(column: SearchColumn, text: string, values: Values): string {
      return `b.id IN (${matching(prefixes(text, column), values)})`;
    },
  };
}

/** "`word` starts a word of this column", checked on a row. */
const startsAWord = (column: SearchColumn, word: string, values: Values) =>
  `b.${column} REGEXP ${values.of(`(?<![\\p{L}\\p{N}_])${word}`)}`;

/** "Every word of `text` starts a word of this column", checked on a row. */
function inColumn(column: SearchColumn, text: string, values: Values): string {
  const { indexed, short } = wordsOf(text);
  return [...indexed, ...short].map((word) => startsAWord(column, word, values)).join(' AND ');
}

/** "Each word of `text` starts a word of the title or of the author", checked on a row. */
function inTitleOrAuthor(words: string[], values: Values): string[] {
  return words.map(
    (word) =>
      `(${startsAWord('title_search', word, values)} OR ${startsAWord('author_search', word, values)})`,
  );
}

/** Boolean-mode words that all must start a word of the indexed columns: +word* … */
const against = (words: string[], values: Values) =>
  values.of([...new Set(words)].map((word) => `+${word}*`).join(' '));

/**
 * One part of a MySQL search, in two equivalent statements: `index` finds the books in a
 * FULLTEXT index (MATCH … AGAINST in boolean mode, every indexed word a required prefix), `scan`
 * reads live books in the page's order and checks the words on each row. Both end with the
 * same conditions, order and limit, and give the same rows.
 */
interface SearchPart {
  index: (tail: string) => string;
  scan: (tail: string) => string;
}

/**
 * MySQL/MariaDB. InnoDB's full-text search gathers every match before it returns one (about 50 ms
 * for a word 60,000 books hold, and it cannot be stopped sooner) and then reads each matching row
 * (tens of microseconds a row when the table is larger than the buffer pool): cheap for a rare
 * word, seconds for a common one. Reading the catalogue in the page's order and checking the words
 * on each row is the opposite: a page of a common word lies within a few hundred books, a rare
 * word would read the whole table. So a search first samples the newest books (mysqlSearchSample):
 * when they hold a few matches the words are common (in titles, for relevance's first part), and
 * each step reads a bounded window in its page order, going to the index only if the page is not in
 * it; otherwise each step asks the index. Words under innodb_ft_min_token_size are not in the
 * index: they are checked on the rows either way. A search that defeats the sample (words common
 * only among old books) costs what the index costs, within the catalog's statement ceiling.
 *
 * Relevance (title matches first, then the rest, each newest first) is two parts, each read in id
 * order: the books whose title holds every word of `q`, found in the title's own index
 * books_title_words (a word common among authors but absent from titles is then still cheap),
 * then the other matches.
 */
function mysqlSearch(words: SearchWords, values: Values) {
  const q = words.q === undefined ? undefined : wordsOf(words.q);
  const author = words.author === undefined ? undefined : wordsOf(words.author);
  const authorCondition =
    words.author === undefined ? [] : [inColumn('author_search', words.author, values)];
  const part = (
    match: { columns: string; words: string[] },
    checks: { index: string[]; scan: string[] },
  ): SearchPart => ({
    index: (tail) =>
      `${FROM_LIVE_BOOKS} AND MATCH(${match.columns}) AGAINST(${against(match.words, values)} IN BOOLEAN MODE)${checks.index.map((check) => ` AND ${check}`).join('')}${tail}`,
    scan: (tail) =>
      `${FROM_LIVE_BOOKS}${checks.scan.map((check) => ` AND ${check}`).join('')}${tail}`,
  });
  const anywhere = {
    columns: 'b.title_search, b.author_search',
    words: [...(q?.indexed ?? []), ...(author?.indexed ?? [])],
  };
  // Every word of q in the title or the author, and the author filter: the index finds the
  // indexed words, so it checks only the short ones on its rows.
  const everyWord = {
    index: [...inTitleOrAuthor(q?.short ?? [], values), ...authorCondition],
    scan: [
      ...inTitleOrAuthor([...(q?.indexed ?? []), ...(q?.short ?? [])], values),
      ...authorCondition,
    ],
  };
  return {
    /** Live books holding every word (for every sort but relevance). */
    all: part(anywhere, everyWord),
    /** Live books whose title holds every word of `q` (relevance, first part). */
    titled(qText: string) {
      const title = inColumn('title_search', qText, values);
      return part(
        { columns: 'b.title_search', words: wordsOf(qText).indexed },
        { index: [title, ...authorCondition], scan: [title, ...authorCondition] },
      );
    },
    /** Live books holding every word whose title does not hold them all (relevance, second part). */
    untitled(qText: string) {
      const notTitle = `NOT (${inColumn('title_search', qText, values)})`;
      return part(anywhere, {
        index: [...everyWord.index, notTitle],
        scan: [...everyWord.scan, notTitle],
      });
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

/** The last book of a scan's window (MysqlSearchStep), under the names its sort key uses. */
export interface WindowEnd {
  id: number;
  createdAt?: Date | string;
  priceCents?: number;
  title?: string;
}

/**
 * One step of a MySQL search: the same page part (conditions, order, limit) found in a full-text
 * index (`index`) or read in page order with the words checked on each row (`scan`), over the
 * window of books that `windowEnd` finds the end of (none: every book that remains); see
 * mysqlSearch. `titleMatch` says which relevance part the rows are.
 */
export interface MysqlSearchStep {
  index: string;
  windowEnd: string;
  scan(end: WindowEnd | undefined): string;
  titleMatch?: boolean;
}

/**
 * How many books a scan reads at most, in the page's order, before a search goes back to the
 * full-text index: books in id order lie together on disk (relevance, newest), books by price or
 * title are a row lookup each.
 */
const WINDOW_BOOKS = { inIdOrder: 20_000, byLookup: 2_000 } as const;

/**
 * The sample that tells common words from rare ones: the newest `ids` ids, read until `upTo`
 * matches. Words are common when `commonAt` of them match (one book in a thousand or more), and
 * common in titles when `commonAt` of those matches hold them in the title: a name common among
 * authors and absent from titles is then looked up in the title's index, which it is not in,
 * rather than searched for in a window of titles. Every rare-word search reads the whole sample, so
 * it is small; a word that common fills a page within WINDOW_BOOKS.inIdOrder books.
 */
const SAMPLE = { ids: 4_000, upTo: 20, commonAt: 4 } as const;

/** A step's order: the index read, the columns of its key, and "up to the window's end". */
function orderOf(sort: BookSort | 'id', values: Values) {
  if (sort === 'id' || sort === 'relevance')
    return {
      order: 'b.id DESC',
      // Counted in ids, deleted books included: the primary key's last id is found without a scan.
      windowEnd: (before: number | undefined) =>
        `SELECT MAX(b.id) - ${values.of(WINDOW_BOOKS.inIdOrder - 1)} AS id FROM books AS b${before === undefined ? '' : ` WHERE b.id < ${values.of(before)}`} HAVING id > 0`,
      upTo: (end: WindowEnd) => `b.id >= ${values.of(end.id)}`,
    };
  const key = {
    newest: 'b.id, b.created_at AS createdAt',
    price_asc: 'b.id, b.price_cents AS priceCents',
    price_desc: 'b.id, b.price_cents AS priceCents',
    title: 'b.id, b.title',
  }[sort];
  const window = sort === 'newest' ? WINDOW_BOOKS.inIdOrder : WINDOW_BOOKS.byLookup;
  return {
    order: ORDER_BY[sort],
    windowEnd: (_before: number | undefined, cursor: string) =>
      `SELECT ${key} FROM books AS b WHERE b.deleted_at IS NULL${cursor} ORDER BY ${ORDER_BY[sort]} LIMIT 1 OFFSET ${values.of(window - 1)}`,
    upTo: (end: WindowEnd) => {
      const position: BookPosition =
        sort === 'newest'
          ? { sort, createdAt: new Date(end.createdAt ?? 0), id: end.id }
          : sort === 'title'
            ? { sort, title: end.title ?? '', id: end.id }
            : { sort, priceCents: end.priceCents ?? 0, id: end.id };
      return `NOT ${afterPosition(position, values, '')}`;
    },
  };
}

/**
 * How common a search's words are (SAMPLE): how many of the newest ids match the page's words and
 * filters, and how many of those hold every word of `q` in the title, read up to SAMPLE.upTo matches.
 */
export function mysqlSearchSample(db: Database, query: BookListQuery): string {
  const values = statementValues(db);
  const { q, author } = query.filters;
  const words = { ...(q === undefined ? {} : { q }), ...(author === undefined ? {} : { author }) };
  const newest = `b.id > (SELECT MAX(id) FROM books) - ${values.of(SAMPLE.ids)}`;
  const conditions = [newest, ...otherConditions(query.filters, values)]
    .map((condition) => ` AND ${condition}`)
    .join('');
  const titled = q === undefined ? '0' : inColumn('title_search', q, values);
  const sampled = mysqlSearch(words, values).all.scan(
    `${conditions} LIMIT ${values.of(SAMPLE.upTo)}`,
  );
  return `SELECT COUNT(*) AS matches, COALESCE(SUM(titled), 0) AS titled FROM (SELECT b.id, (${titled}) AS titled ${sampled}) AS sample`;
}

/**
 * The steps of a MySQL search page, run in order until the page is full: one for every sort but
 * relevance; for relevance the books whose title holds every word, then the others, each newest
 * first and each with the page's whole limit (the second one's rows beyond the page are dropped).
 */
export function mysqlSearchSteps(db: Database, query: BookListQuery): MysqlSearchStep[] {
  const { q, author } = query.filters;
  const words = { ...(q === undefined ? {} : { q }), ...(author === undefined ? {} : { author }) };
  const values = statementValues(db);
  const search = mysqlSearch(words, values);
  const conditions = otherConditions(query.filters, values);
  const where = (extra: string[]) =>
    [...conditions, ...extra].map((condition) => ` AND ${condition}`).join('');
  const step = (part: SearchPart, beyond: string[], sort: BookSort | 'id', before?: number) => {
    const { order, windowEnd, upTo } = orderOf(sort, values);
    const tail = (extra: string[]) =>
      `${where([...beyond, ...extra])} ORDER BY ${order} LIMIT ${values.of(query.limit)}`;
    return {
      index: `SELECT ${CATALOG_COLUMNS} ${part.index(tail([]))}`,
      windowEnd: windowEnd(before, beyond.map((condition) => ` AND ${condition}`).join('')),
      scan: (end: WindowEnd | undefined) =>
        `SELECT ${CATALOG_COLUMNS} ${part.scan(tail(end === undefined ? [] : [upTo(end)]))}`,
    };
  };
  const { after } = query;
  if (query.sort !== 'relevance' || q === undefined)
    return [step(search.all, after ? [afterPosition(after, values, '')] : [], query.sort)];
  const relevanceAfter = after?.sort === 'relevance' ? after : undefined;
  const idOrderStep = (part: SearchPart, titleMatch: boolean) => {
    const before = relevanceAfter?.titleMatch === titleMatch ? relevanceAfter.id : undefined;
    const beyond = before === undefined ? [] : [`b.id < ${values.of(before)}`];
    return { ...step(part, beyond, 'id', before), titleMatch };
  };
  const untitled = idOrderStep(search.untitled(q), false);
  if (relevanceAfter && !relevanceAfter.titleMatch) return [untitled];
  return [idOrderStep(search.titled(q), true), untitled];
}

/** Public catalog reads. Deleted books never appear. Returns plain objects. */
export function createBookCatalogRepository(db: Database, statementLimitMs?: number) {
  const { sequelize } = db;

  /** Every statement of the catalog goes through here, under the catalog's statement ceiling. */
  const select = <Row extends object = CatalogRow>(sql: string, bind: string[] = []) =>
    sequelize.query<Row>(withStatementCeiling(sql, db.dialect, statementLimitMs), {
      type: QueryTypes.SELECT,
      ...(bind.length > 0 ? { bind } : {}),
    });

  /** The rows of a page on MySQL when there are words to find: each step by index or by scan. */
  async function mysqlSearchRows(query: BookListQuery): Promise<CatalogRow[]> {
    const [sample] = await select<{ matches: number; titled: number }>(
      mysqlSearchSample(db, query),
    );
    const common = Number(sample?.matches ?? 0) >= SAMPLE.commonAt;
    const commonInTitles = Number(sample?.titled ?? 0) >= SAMPLE.commonAt;
    const rows: CatalogRow[] = [];
    for (const step of mysqlSearchSteps(db, query)) {
      const needed = query.limit - rows.length;
      if (needed <= 0) break;
      const found = await stepRows(step, needed, step.titleMatch ? commonInTitles : common);
      rows.push(
        ...(step.titleMatch === undefined
          ? found
          : found.map((row) => ({ ...row, titleMatch: step.titleMatch }))),
      );
    }
    return rows.slice(0, query.limit);
  }

  /**
   * A step's rows. Words common where the step looks: from the window in page order if the `needed`
   * rows lie in it (or it reaches the last book), else from the index. Rare words: from the index.
   */
  async function stepRows(step: MysqlSearchStep, needed: number, common: boolean) {
    if (!common) return select(step.index);
    const [end] = await select<WindowEnd>(step.windowEnd);
    const windowed = await select(step.scan(end));
    if (end === undefined || windowed.length >= needed) return windowed;
    return select(step.index);
  }

  /** The rows of a page in one statement: no words, or SQLite's FTS5 (sqliteSearch). */
  async function oneStatementRows(query: BookListQuery, words: SearchWords | undefined) {
    const values = statementValues(db);
    const search = sqliteSearch();
    const from = words === undefined ? FROM_LIVE_BOOKS : search.from(words, values);
    const titleMatch =
      query.sort === 'relevance' && words?.q !== undefined
        ? search.inColumn('title_search', words.q, values)
        : '';
    const conditions = otherConditions(query.filters, values);
    if (query.after) conditions.push(afterPosition(query.after, values, titleMatch));
    const where = conditions.map((condition) => ` AND ${condition}`).join('');
    const columns =
      titleMatch === '' ? CATALOG_COLUMNS : `${CATALOG_COLUMNS}, (${titleMatch}) AS titleMatch`;
    return select(
      `SELECT ${columns} ${from}${where} ORDER BY ${ORDER_BY[query.sort]} LIMIT ${values.of(query.limit)}`,
      values.bind,
    );
  }

  return {
    /** One page of live books matching the filters, in the sort order, after a position. */
    async list(query: BookListQuery): Promise<CatalogListEntry[]> {
      const { q, author } = query.filters;
      if (query.sort === 'relevance' && q === undefined)
        throw new Error('relevance needs a search (the schema refuses it without q)');
      const words: SearchWords | undefined =
        q === undefined && author === undefined
          ? undefined
          : { ...(q === undefined ? {} : { q }), ...(author === undefined ? {} : { author }) };
      const rows =
        words !== undefined && db.dialect === 'mysql'
          ? await mysqlSearchRows(query)
          : await oneStatementRows(query, words);
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
