import { notFound } from '../../shared/errors/app-error';
import type { OriginContext } from '../origin-context';
import { assertSellerOwnsBook } from './book-ownership';

/**
 * Takes a seller's book out of the catalog; orders that contain it keep their lines. Its cover is
 * released like a removed one, for the housekeeping sweep.
 */
export async function deleteBook(
  ctx: OriginContext,
  sellerId: number,
  bookId: number,
): Promise<void> {
  await assertSellerOwnsBook(ctx, bookId, sellerId);
  if (!(await ctx.books.softDeleteOfSeller(bookId, sellerId, ctx.now()))) throw notFound('Book');
}
