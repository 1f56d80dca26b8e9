import type { OrderLineRecord } from './order-repository';
import type { Tx } from '../../shared/db/repositories/unit-of-work';
import type { OriginContext } from '../origin-context';

/**
 * Gives an order's reserved copies back, in ascending book id order like reservations, so a release
 * and a checkout over the same books cannot deadlock. Call it only in the transaction whose status
 * change won, which is what makes the stock come back exactly once.
 */
export async function releaseOrderStock(
  ctx: OriginContext,
  tx: Tx,
  lines: ReadonlyArray<Pick<OrderLineRecord, 'bookId' | 'quantity'>>,
): Promise<void> {
  for (const line of [...lines].sort((a, b) => a.bookId - b.bookId)) {
    await ctx.books.release(tx, line.bookId, line.quantity);
  }
}
