import type { Principal } from '../../shared/auth/principal';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import type { OriginContext } from '../origin-context';
import { findVisibleOrder } from './order-access';
import { toOrderJson, type OrderJson } from './order-json';
import { currentOrder, transitionOrder } from './order-transition';
import { releaseOrderStock } from './release-order-stock';

/** The buyer cancels an order pending payment: its copies go back to stock and `order.cancelled` is written. */
export async function cancelOrder(
  ctx: OriginContext,
  principal: Principal,
  orderId: number,
): Promise<OrderJson> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await findVisibleOrder(ctx, principal, orderId, { allowAdmin: false, tx });
    const lines = before.lines.map(({ bookId, quantity }) => ({ bookId, quantity }));
    // Only the transaction whose status change won gets past this line and touches stock.
    await transitionOrder(ctx, tx, {
      orderId,
      from: before.status,
      to: 'cancelled',
      payload: { buyerId: before.buyerId, reason: 'cancelled_by_buyer', lines },
    });
    await releaseOrderStock(ctx, tx, lines);
    return toOrderJson(await currentOrder(ctx, tx, orderId));
  });
}
