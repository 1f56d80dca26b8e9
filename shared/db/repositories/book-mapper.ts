import { coverPath } from '../../covers/cover-storage';
import type { BookJson } from '../../api/response-schemas';
import type { BookModel } from '../models';

/** Maps a book row to its API shape: a plain object, with dates as ISO 8601 strings. */
export function toBookJson(row: BookModel): BookJson {
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
