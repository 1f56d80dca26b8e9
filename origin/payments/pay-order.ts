import type { Principal } from '../../shared/auth/principal';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import { AppError } from '../../shared/errors/app-error';
import { findVisibleOrder } from '../orders/order-access';
import { orderErrors } from '../orders/order-errors';
import { toOrderJson, type OrderJson } from '../orders/order-json';
import type { OriginContext } from '../origin-context';
import { DECLINE_TEST_VALUE, type PayOrderInput } from './payment-input-schema';
import { simulateCharge } from './payment-simulator';

/**
 * The buyer pays an order pending payment: the amount is the order's total from the database, the
 * order becomes `paid`, the payment and the `order.paid` event are written in one transaction. A
 * declined charge writes nothing (402) and the order stays payable.
 */
export async function payOrder(
  ctx: OriginContext,
  principal: Principal,
  orderId: number,
  input: PayOrderInput,
): Promise<OrderJson> {
  return inTransaction(ctx.db, async (tx) => {
    const order = await findVisibleOrder(ctx, principal, orderId, { allowAdmin: false, tx });
    const now = ctx.now();
    if (order.status !== 'pending_payment') throw orderErrors.wrongState('paid', order.status);
    if (order.expiresAt.getTime() <= now.getTime()) throw orderErrors.paymentExpired();

    const charge = simulateCharge({
      method: input.method,
      amountCents: order.totalCents,
      decline: input.simulate === DECLINE_TEST_VALUE,
    });
    if (!charge.approved)
      throw new AppError(
        'payment-declined',
        402,
        `${charge.reason} Nothing was charged; the order can still be paid.`,
      );

    // One winner among concurrent payments, cancels and expiries: only a row still pending and not
    // yet overdue changes. The unique payments.order_id backs this up in the database.
    if (!(await ctx.orders.transition(tx, orderId, 'paid', { expiresAfter: now }))) {
      throw orderErrors.wrongState('paid', undefined);
    }
    const captured = await ctx.payments.insertCaptured(tx, {
      orderId,
      method: input.method,
      amountCents: order.totalCents,
      currency: order.currency,
      reference: charge.reference,
    });
    // Throwing rolls the status change back too: the order stays as it was.
    if (!captured) throw orderErrors.wrongState('paid', undefined);
    await ctx.outbox.append(tx, {
      type: 'order.paid',
      aggregateType: 'order',
      aggregateId: orderId,
      payload: {
        orderId,
        buyerId: order.buyerId,
        method: input.method,
        amountCents: order.totalCents,
        currency: order.currency,
        reference: charge.reference,
      },
    });
    const paid = await ctx.orders.find(orderId, tx);
    return toOrderJson(paid ?? order);
  });
}
