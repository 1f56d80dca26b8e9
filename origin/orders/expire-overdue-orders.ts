import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import { AppError } from '../../shared/errors/app-error';
import type { OriginContext } from '../origin-context';
import { transitionOrder } from './order-transition';
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

/** Expires one overdue order; false when a payment, a cancel or another sweeper got there first. */
async function expireOne(ctx: OriginContext, orderId: number, now: Date): Promise<boolean> {
  try {
    await inTransaction(ctx.db, async (tx) => {
      const lines = (await ctx.orders.findLines(tx, orderId)).map(({ bookId, quantity }) => ({
        bookId,
        quantity,
      }));
      await transitionOrder(ctx, tx, {
        orderId,
        from: 'pending_payment',
        to: 'expired',
        guard: { expiredBy: now },
        payload: { lines },
      });
      await releaseOrderStock(ctx, tx, lines);
    });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'order-state-conflict') return false;
    throw error;
  }
}
