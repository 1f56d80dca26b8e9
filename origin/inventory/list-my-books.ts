import type { BookPage } from './book-inventory-repository';
import type { OriginContext } from '../origin-context';

/** The caller's listed books, newest first. */
export function listMyBooks(
  ctx: OriginContext,
  sellerId: number,
  page: { limit: number; beforeId: number | undefined },
): Promise<BookPage> {
  return ctx.books.listOfSeller(sellerId, {
    limit: page.limit,
    ...(page.beforeId ? { beforeId: page.beforeId } : {}),
  });
}
