import { coverPath } from '../covers/cover-storage';
import type { BookJson } from './response-schemas';
import type { BookModel } from '../db/models';

/**
 * The columns of a book the API shows: a model instance, or a plain row read with raw SQL. Raw
 * rows carry dates as Date on MySQL and as Sequelize's stored text ("2026-11-30 22:51:45.123
 * +00:00") on SQLite; Date parses both.
 */
export type BookRecord = Pick<
  BookModel,
  | 'id'
  | 'sellerId'
  | 'title'
  | 'author'
  | 'description'
  | 'isbn'
  | 'condition'
  | 'category'
  | 'priceCents'
  | 'currency'
  | 'stock'
  | 'coverKey'
  | 'thumbnailKey'
> & { createdAt: Date | string; updatedAt: Date | string };

/** Maps a book row to its API shape: a plain object, with dates as ISO 8601 strings. */
export function toBookJson(row: BookRecord): BookJson {
  return {
    id: row.id,
    sellerId: row.sellerId,
    title: row.title,
    author: row.author,
    description: row.description,
    isbn: row.isbn,
    condition: row.condition,
    category: row.category,
    priceCents: row.priceCents,
    currency: row.currency,
    stock: row.stock,
    coverUrl: row.coverKey ? coverPath(row.coverKey) : null,
    thumbnailUrl: row.thumbnailKey ? coverPath(row.thumbnailKey) : null,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
