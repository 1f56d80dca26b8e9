import type { Principal } from '../../shared/auth/principal';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import type { OriginContext } from '../origin-context';
import { findVisibleOrder } from './order-access';
import { orderErrors } from './order-errors';
import { toOrderJson, type OrderJson } from './order-json';
import { releaseOrderStock } from './release-order-stock';

/** The buyer cancels an order pending payment: its copies go back to stock and `order.cancelled` is written. */
export async function cancelOrder(
  ctx: OriginContext,
  principal: Principal,
  orderId: number,
): Promise<OrderJson> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await findVisibleOrder(ctx, principal, orderId, { allowAdmin: false, tx });
    // The conditional status change is the race's referee: of a cancel, an expiry and a payment
    // running at once, exactly one changes the row and only that one touches stock.
    if (!(await ctx.orders.transition(tx, orderId, 'cancelled'))) {
      throw orderErrors.wrongState(
        'cancelled',
        before.status === 'pending_payment' ? undefined : before.status,
      );
    }
    const released = await releaseOrderStock(ctx, tx, orderId);
    await ctx.outbox.append(tx, {
      type: 'order.cancelled',
      aggregateType: 'order',
      aggregateId: orderId,
      payload: { orderId, buyerId: before.buyerId, reason: 'cancelled_by_buyer', lines: released },
    });
    const after = await ctx.orders.find(orderId, tx);
    return toOrderJson(after ?? before);
  });
}
