import { coverPath } from '../../covers/cover-storage';
import type { BookCondition, BookModel } from '../models';

/** A book as the API returns it (catalog reads and seller inventory alike). */
export interface BookJson {
  id: number;
  sellerId: number;
  title: string;
  author: string;
  description: string;
  isbn: string | null;
  condition: BookCondition;
  category: string | null;
  priceCents: number;
  currency: string;
  stock: number;
  /** The large cover (about 600 px wide), or null without a cover. */
  coverUrl: string | null;
  /** The thumbnail (about 200 px wide) for lists, or null without a cover. */
  thumbnailUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

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
