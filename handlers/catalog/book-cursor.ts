import { z } from 'zod';
import type { BookPosition } from './repositories/book-catalog-repository';
import type { BookSort } from '../../shared/domain/book-sorts';
import { invalidInput } from '../../shared/errors/app-error';
import {
  decodeCursor,
  encodeCursor,
  idSchema as id,
  INTEGER_MAX,
} from '../../shared/http/request-inputs';

/** The JSON inside a catalog cursor: the sort it belongs to, the last book's sort key and id. */
const bookCursor = z.discriminatedUnion('sort', [
  z.strictObject({ sort: z.literal('relevance'), titleMatch: z.boolean(), id }),
  z.strictObject({ sort: z.literal('newest'), createdAt: z.iso.datetime(), id }),
  z.strictObject({
    sort: z.enum(['price_asc', 'price_desc']),
    priceCents: z.int().min(0).max(INTEGER_MAX),
    id,
  }),
  z.strictObject({ sort: z.literal('title'), title: z.string().max(200), id }),
]);

/** The cursor of the page after a position. */
export function encodeBookCursor(position: BookPosition): string {
  if (position.sort === 'newest')
    return encodeCursor({ ...position, createdAt: position.createdAt.toISOString() });
  return encodeCursor(position);
}

/** The position a cursor carries; a cursor from another sort order is as invalid as a forged one. */
export function decodeBookCursor(cursor: string, sort: BookSort): BookPosition {
  const decoded = decodeCursor(bookCursor, cursor);
  if (decoded.sort !== sort) {
    throw invalidInput([
      { path: 'cursor', message: `belongs to sort=${decoded.sort}, not sort=${sort}` },
    ]);
  }
  return decoded.sort === 'newest'
    ? { ...decoded, createdAt: new Date(decoded.createdAt) }
    : decoded;
}
