import type { BookFields } from './book-inventory-repository';
import type { BookJson } from '../../shared/api/response-schemas';
import { notFound } from '../../shared/errors/app-error';
import type { OriginContext } from '../origin-context';
import type { UpdateBookInput } from '../../shared/api/book-input-schemas';
import { assertSellerOwnsBook } from './book-ownership';

/** Applies a seller's partial edit to one of their books, field by field. */
export async function updateBook(
  ctx: OriginContext,
  sellerId: number,
  bookId: number,
  input: UpdateBookInput,
): Promise<BookJson> {
  await assertSellerOwnsBook(ctx, bookId, sellerId);
  const changes: Partial<BookFields> = {};
  if (input.title !== undefined) changes.title = input.title;
  if (input.author !== undefined) changes.author = input.author;
  if (input.description !== undefined) changes.description = input.description;
  if (input.isbn !== undefined) changes.isbn = input.isbn;
  if (input.condition !== undefined) changes.condition = input.condition;
  if (input.category !== undefined) changes.category = input.category;
  if (input.priceCents !== undefined) changes.priceCents = input.priceCents;
  if (input.stock !== undefined) changes.stock = input.stock;
  // Guarded by seller and listing again: the book may have been deleted since the check above.
  const book = await ctx.books.updateOfSeller(bookId, sellerId, changes);
  if (!book) throw notFound('Book');
  return book;
}
