import { literal, Op, type Order, type WhereOptions } from 'sequelize';
import type { Database } from '../create-database';
import type { BookCondition, BookModel } from '../models';
import { searchTextOf } from '../search-text';
import type { CatalogBook } from '../../api/response-schemas';
import { toBookJson } from './book-mapper';

export type { CatalogBook };

export const BOOK_SORTS = ['newest', 'price_asc', 'price_desc', 'title'] as const;
export type BookSort = (typeof BOOK_SORTS)[number];

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

const ORDER: Record<BookSort, Order> = {
  newest: [
    ['createdAt', 'DESC'],
    ['id', 'DESC'],
  ],
  price_asc: [
    ['priceCents', 'ASC'],
    ['id', 'ASC'],
  ],
  price_desc: [
    ['priceCents', 'DESC'],
    ['id', 'DESC'],
  ],
  title: [
    ['title', 'ASC'],
    ['id', 'ASC'],
  ],
};

/** Keyset condition "comes after `position` in this sort order": (key, id) beyond the last row's. */
function afterPosition(position: BookPosition): WhereOptions {
  switch (position.sort) {
    case 'newest':
      return {
        [Op.or]: [
          { createdAt: { [Op.lt]: position.createdAt } },
          { createdAt: position.createdAt, id: { [Op.lt]: position.id } },
        ],
      };
    case 'price_asc':
      return {
        [Op.or]: [
          { priceCents: { [Op.gt]: position.priceCents } },
          { priceCents: position.priceCents, id: { [Op.gt]: position.id } },
        ],
      };
    case 'price_desc':
      return {
        [Op.or]: [
          { priceCents: { [Op.lt]: position.priceCents } },
          { priceCents: position.priceCents, id: { [Op.lt]: position.id } },
        ],
      };
    case 'title':
      // The title is a bound parameter ($cursorTitle, see bindPosition), never inlined: Sequelize
      // inlines SQLite string literals, and a stored title holding a NUL would end the statement.
      return {
        [Op.or]: [
          { title: { [Op.gt]: literal('$cursorTitle') } },
          { title: { [Op.eq]: literal('$cursorTitle') }, id: { [Op.gt]: position.id } },
        ],
      };
  }
}

/** The bound parameters afterPosition's condition refers to. */
function bindPosition(position: BookPosition | undefined): Record<string, string> {
  return position?.sort === 'title' ? { cursorTitle: position.title } : {};
}

/** Public catalog reads. Deleted books never appear: the model is paranoid. Returns plain objects. */
export function createBookCatalogRepository(db: Database) {
  const { Book, User } = db.models;
  const { sequelize } = db;
  const alias = Book.name;
  const seller = { model: User, as: 'seller', attributes: ['name'] };

  /**
   * "The search column contains the search form of the text": both sides folded the same way, so
   * case and accents never matter whatever the database's collation. INSTR rather than LIKE, so
   * that % and _ in the text need no escaping.
   */
  const contains = (column: 'title_search' | 'author_search', text: string) =>
    sequelize.where(
      sequelize.fn('INSTR', sequelize.col(`${alias}.${column}`), searchTextOf(text)),
      {
        [Op.gt]: 0,
      },
    );

  function filterConditions(filters: BookFilters): WhereOptions[] {
    const conditions: WhereOptions[] = [];
    if (filters.q !== undefined)
      conditions.push({
        [Op.or]: [contains('title_search', filters.q), contains('author_search', filters.q)],
      });
    if (filters.author !== undefined) conditions.push(contains('author_search', filters.author));
    if (filters.condition !== undefined) conditions.push({ condition: filters.condition });
    if (filters.category !== undefined)
      conditions.push({ categorySearch: searchTextOf(filters.category) });
    if (filters.sellerId !== undefined) conditions.push({ sellerId: filters.sellerId });
    if (filters.minPriceCents !== undefined)
      conditions.push({ priceCents: { [Op.gte]: filters.minPriceCents } });
    if (filters.maxPriceCents !== undefined)
      conditions.push({ priceCents: { [Op.lte]: filters.maxPriceCents } });
    if (filters.inStock !== undefined)
      conditions.push({ stock: filters.inStock ? { [Op.gt]: 0 } : 0 });
    return conditions;
  }

  const toCatalogBook = (row: BookModel): CatalogBook => ({
    ...toBookJson(row),
    sellerName: (row.get('seller') as { name: string } | null)?.name ?? '',
  });

  return {
    /** One page of live books matching the filters, in the sort order, after a position. */
    async list(query: BookListQuery): Promise<CatalogBook[]> {
      const conditions = filterConditions(query.filters);
      if (query.after) conditions.push(afterPosition(query.after));
      const rows = await Book.findAll({
        where: { [Op.and]: conditions },
        include: [seller],
        order: ORDER[query.sort],
        limit: query.limit,
        bind: bindPosition(query.after),
      });
      return rows.map(toCatalogBook);
    },

    /** A live book by id, or undefined (also when deleted). */
    async find(id: number): Promise<CatalogBook | undefined> {
      const row = await Book.findByPk(id, { include: [seller] });
      return row ? toCatalogBook(row) : undefined;
    },
  };
}

export type BookCatalogRepository = ReturnType<typeof createBookCatalogRepository>;
