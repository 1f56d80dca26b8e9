import { Op, type WhereOptions } from 'sequelize';
import type { Database } from '../create-database';
import type { BookCondition, BookModel } from '../models';
import { toBookJson, type BookJson } from './book-mapper';
import { inTransaction, type Tx } from './unit-of-work';

/** The fields a seller sets on a book; the seller and the timestamps are never among them. */
export interface BookFields {
  title: string;
  author: string;
  description: string;
  isbn: string | null;
  condition: BookCondition;
  category: string | null;
  priceCents: number;
  stock: number;
}

/** What an order needs to know about a book it reserved. */
export interface BookForOrder {
  id: number;
  sellerId: number;
  title: string;
  author: string;
  priceCents: number;
  currency: string;
}

/** A page of a seller's books, newest first. */
export interface BookPage {
  items: BookJson[];
  lastId: number | undefined;
  hasMore: boolean;
}

function assertCount(quantity: number): void {
  // The count is written into SQL text below, so it must be a plain positive integer.
  if (!Number.isSafeInteger(quantity) || quantity <= 0)
    throw new RangeError(`bad quantity ${quantity}`);
}

/** Seller inventory writes and the stock reservations of orders. Returns plain objects only. */
export function createBookInventoryRepository(db: Database) {
  const { Book } = db.models;
  const stockChange = (sign: '+' | '-', quantity: number) =>
    db.sequelize.literal(`stock ${sign} ${quantity}`) as unknown as number;

  return {
    /** Inserts a book for a seller. */
    async insert(sellerId: number, fields: BookFields): Promise<BookJson> {
      const row = await Book.create({
        sellerId,
        title: fields.title,
        author: fields.author,
        description: fields.description,
        isbn: fields.isbn,
        condition: fields.condition,
        category: fields.category,
        priceCents: fields.priceCents,
        stock: fields.stock,
      });
      return toBookJson(row);
    },

    /** The seller of a listed (not deleted) book, or undefined when there is no such book. */
    async findListedSeller(bookId: number): Promise<number | undefined> {
      const row = await Book.findByPk(bookId, { attributes: ['id', 'sellerId'] });
      return row?.sellerId;
    },

    /**
     * Applies a seller's partial edit in one statement guarded by the seller and by the book still
     * being listed. Returns the book after the edit, or undefined when nothing matched.
     */
    async updateOfSeller(
      bookId: number,
      sellerId: number,
      changes: Partial<BookFields>,
    ): Promise<BookJson | undefined> {
      return inTransaction(db, async (tx) => {
        const [count] = await Book.update(changes, {
          where: { id: bookId, sellerId },
          transaction: tx,
        });
        if (count === 0) return undefined;
        const row = await Book.findByPk(bookId, { transaction: tx });
        return row ? toBookJson(row) : undefined;
      });
    },

    /** Soft-deletes a seller's book (it leaves the catalog, orders keep it). False when nothing matched. */
    async softDeleteOfSeller(bookId: number, sellerId: number): Promise<boolean> {
      const count = await Book.destroy({ where: { id: bookId, sellerId } });
      return count > 0;
    },

    /** A seller's listed books, newest first, after the cursor `beforeId`. */
    async listOfSeller(
      sellerId: number,
      page: { limit: number; beforeId?: number },
    ): Promise<BookPage> {
      const where: WhereOptions<BookModel> = { sellerId };
      if (page.beforeId !== undefined) Object.assign(where, { id: { [Op.lt]: page.beforeId } });
      const rows = await Book.findAll({ where, order: [['id', 'DESC']], limit: page.limit + 1 });
      const items = rows.slice(0, page.limit).map(toBookJson);
      return { items, lastId: items.at(-1)?.id, hasMore: rows.length > page.limit };
    },

    /**
     * Takes `quantity` copies of a listed book in one conditional statement; false when the book is
     * gone or has fewer copies. No read-then-write: the database checks and decrements atomically,
     * and the row stays locked until the transaction ends.
     */
    async reserve(tx: Tx, bookId: number, quantity: number): Promise<boolean> {
      assertCount(quantity);
      const [count] = await Book.update(
        { stock: stockChange('-', quantity) },
        { where: { id: bookId, stock: { [Op.gte]: quantity } }, transaction: tx, validate: false },
      );
      return count === 1;
    },

    /** Gives reserved copies back, also to a book deleted meanwhile (its count stays truthful). */
    async release(tx: Tx, bookId: number, quantity: number): Promise<void> {
      assertCount(quantity);
      await Book.update(
        { stock: stockChange('+', quantity) },
        { where: { id: bookId }, transaction: tx, paranoid: false, validate: false },
      );
    },

    /** Whether a book is listed; used to explain why a reservation failed. */
    async isListed(tx: Tx, bookId: number): Promise<boolean> {
      const row = await Book.findByPk(bookId, { attributes: ['id'], transaction: tx });
      return row !== null;
    },

    /** The listed books among `ids`, as an order records them. */
    async findForOrder(tx: Tx, ids: number[]): Promise<BookForOrder[]> {
      const rows = await Book.findAll({
        where: { id: ids },
        attributes: ['id', 'sellerId', 'title', 'author', 'priceCents', 'currency'],
        transaction: tx,
      });
      return rows.map((row) => ({
        id: row.id,
        sellerId: row.sellerId,
        title: row.title,
        author: row.author,
        priceCents: row.priceCents,
        currency: row.currency,
      }));
    },
  };
}

export type BookInventoryRepository = ReturnType<typeof createBookInventoryRepository>;
