import { forbidden, notFound } from '../../shared/errors/app-error';
import type { OriginContext } from '../origin-context';

/** Throws 404 when the book is not listed and 403 when it belongs to another seller. */
export async function assertSellerOwnsBook(
  ctx: OriginContext,
  bookId: number,
  sellerId: number,
): Promise<void> {
  const owner = await ctx.books.findListedSeller(bookId);
  if (owner === undefined) throw notFound('Book');
  if (owner !== sellerId) throw forbidden('Only the seller of this book may change it.');
}
