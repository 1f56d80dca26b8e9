import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import type { OriginContext } from '../origin-context';
import { releaseOrderStock } from './release-order-stock';

const BATCH = 100;

/**
 * Expires unpaid orders whose time ran out by `now` and returns their stock. Safe to run on every
 * replica at once: each order is expired by a conditional status change in its own transaction, so
 * two sweepers (or a sweeper and a payment or cancel) racing for one order have exactly one winner.
 * Returns how many orders this call expired.
 */
export async function expireOverdueOrders(
  ctx: OriginContext,
  now: Date = ctx.now(),
): Promise<number> {
  let expired = 0;
  for (;;) {
    const ids = await ctx.orders.findOverdueIds(now, BATCH);
    for (const orderId of ids) if (await expireOne(ctx, orderId, now)) expired += 1;
    // Every order of a full batch has left pending_payment (here or elsewhere): look again.
    if (ids.length < BATCH) return expired;
  }
}

async function expireOne(ctx: OriginContext, orderId: number, now: Date): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    if (!(await ctx.orders.transition(tx, orderId, 'expired', { expiredBy: now }))) return false;
    const released = await releaseOrderStock(ctx, tx, orderId);
    await ctx.outbox.append(tx, {
      type: 'order.expired',
      aggregateType: 'order',
      aggregateId: orderId,
      payload: { orderId, lines: released },
    });
    return true;
  });
}
