import type { IdPage } from '../../shared/db/id-page';
import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import type { BookModel } from '../../shared/db/models';
import type { BookCondition } from '../../shared/domain/book-conditions';
import type { BookJson } from '../../shared/api/response-schemas';
import { toBookJson } from '../../shared/api/book-json';
import { lockCoverObjects, settleCoverObjects } from '../covers/cover-object-repository';
import type { CoverKeys } from '../../shared/covers/cover-storage';
import { inTransaction, type Tx } from '../../shared/db/repositories/unit-of-work';

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

/** A cover to set: its stored renditions' keys, and how to store one of them again. */
export interface NewCover {
  keys: CoverKeys;
  store: (key: string) => Promise<void>;
}

/** The keys of a book's renditions, when it has a cover. */
function coverKeysOf(book: Pick<BookModel, 'coverKey' | 'thumbnailKey'>): string[] {
  return [book.coverKey, book.thumbnailKey].filter((key): key is string => typeof key === 'string');
}

/** A page of a seller's books, newest first. */
export type BookPage = IdPage<BookJson>;

function assertCount(quantity: number): void {
  // The count is written into SQL text below, so it must be a plain positive integer.
  if (!Number.isSafeInteger(quantity) || quantity <= 0)
    throw new RangeError(`bad quantity ${quantity}`);
}

// Every checkout runs these two, so they are written out rather than built by Sequelize's model
// methods (instances, hooks, lodash clones: more CPU than the database spends on them). Like the
// model's update they skip deleted books and stamp updated_at.
const RESERVE_SQL =
  'UPDATE books SET stock = stock - ?, updated_at = ?' +
  ' WHERE id = ? AND stock >= ? AND deleted_at IS NULL';
const FIND_FOR_ORDER_SQL =
  'SELECT id, seller_id, title, author, price_cents, currency FROM books' +
  ' WHERE id IN (?) AND deleted_at IS NULL';

interface BookForOrderRow {
  id: number;
  seller_id: number;
  title: string;
  author: string;
  price_cents: number;
  currency: string;
}

/** Seller inventory writes and the stock reservations of orders. Returns plain objects only. */
export function createBookInventoryRepository(db: Database) {
  const { Book } = db.models;
  const stockChange = (sign: '+' | '-', quantity: number) =>
    db.sequelize.literal(`stock ${sign} ${quantity}`) as unknown as number;
  const lockBookOfSeller = (tx: Tx, bookId: number, sellerId: number) =>
    Book.findOne({
      where: { id: bookId, sellerId },
      attributes: ['id', 'coverKey', 'thumbnailKey'],
      lock: tx.LOCK.UPDATE,
      transaction: tx,
    });

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

    /**
     * Soft-deletes a seller's book (it leaves the catalog, orders keep it) and lets its cover go the
     * way of a removed cover. False when nothing matched.
     */
    async softDeleteOfSeller(bookId: number, sellerId: number, now: Date): Promise<boolean> {
      return inTransaction(
        db,
        async (tx) => {
          const before = await lockBookOfSeller(tx, bookId, sellerId);
          if (!before) return false;
          const objects = await lockCoverObjects(db, tx, coverKeysOf(before));
          await Book.update(
            { coverKey: null, thumbnailKey: null },
            { where: { id: bookId }, transaction: tx },
          );
          await Book.destroy({ where: { id: bookId }, transaction: tx });
          await settleCoverObjects(db, tx, objects, now);
          return true;
        },
        { readCommitted: true },
      );
    },

    /**
     * Sets (or with null, clears) the cover of a seller's listed book. Returns the book after the
     * change, or undefined when nothing matched. The book's row and the rows of the keys it sets
     * and drops are locked while they are read and changed (cover-objects.ts): the renditions it
     * drops are released for the sweep only if no other book uses them by the end, and the ones it
     * sets are stored again (`cover.store`) if the sweep may have removed them meanwhile.
     */
    async replaceCoverOfSeller(
      bookId: number,
      sellerId: number,
      cover: NewCover | null,
      now: Date,
    ): Promise<BookJson | undefined> {
      return inTransaction(
        db,
        async (tx) => {
          const before = await lockBookOfSeller(tx, bookId, sellerId);
          const setKeys = cover ? [cover.keys.coverKey, cover.keys.thumbnailKey] : [];
          // Without the book the new objects are locked and settled too: unused, they get released.
          const objects = await lockCoverObjects(db, tx, [
            ...setKeys,
            ...(before ? coverKeysOf(before) : []),
          ]);
          if (before)
            await Book.update(
              {
                coverKey: cover?.keys.coverKey ?? null,
                thumbnailKey: cover?.keys.thumbnailKey ?? null,
              },
              { where: { id: bookId }, transaction: tx },
            );
          await settleCoverObjects(
            db,
            tx,
            objects,
            now,
            cover ? { keys: setKeys, store: cover.store } : undefined,
          );
          if (!before) return undefined;
          const row = await Book.findByPk(bookId, { transaction: tx });
          return row ? toBookJson(row) : undefined;
        },
        { readCommitted: true },
      );
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
      const count = await db.sequelize.query(RESERVE_SQL, {
        type: QueryTypes.BULKUPDATE,
        transaction: tx,
        replacements: [quantity, new Date(), bookId, quantity],
      });
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
      const rows = await db.sequelize.query<BookForOrderRow>(FIND_FOR_ORDER_SQL, {
        type: QueryTypes.SELECT,
        transaction: tx,
        replacements: [ids],
      });
      return rows.map((row) => ({
        id: Number(row.id),
        sellerId: Number(row.seller_id),
        title: row.title,
        author: row.author,
        priceCents: Number(row.price_cents),
        currency: row.currency,
      }));
    },
  };
}

export type BookInventoryRepository = ReturnType<typeof createBookInventoryRepository>;
