import type { Principal } from '../../shared/auth/principal';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import { AppError } from '../../shared/errors/app-error';
import { newTrackingNumber } from '../deliveries/tracking-number';
import { findVisibleOrder } from '../orders/order-access';
import { orderErrors } from '../orders/order-errors';
import { toOrderJson, type OrderJson } from '../orders/order-json';
import { assertTransition, currentOrder, transitionOrder } from '../orders/order-transition';
import type { OriginContext } from '../origin-context';
import { DECLINE_TEST_VALUE, type PayOrderInput } from '../../shared/api/payment-input-schema';
import { simulateCharge } from './payment-simulator';

/**
 * The buyer pays an order pending payment: the amount is the order's whole total (books and
 * delivery) from the database. In one transaction the payment is captured, the order becomes `paid`
 * and then, booking the delivery chosen at checkout, `delivery_assigned` with a tracking number,
 * with `order.paid` and `delivery.assigned` in the outbox. A declined charge writes nothing (402)
 * and the order stays payable.
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
    assertTransition(order.status, 'paid');
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

    // The guard makes a payment lose to an expiry that is due; the unique payments.order_id backs
    // the one-winner rule up in the database.
    await transitionOrder(ctx, tx, {
      orderId,
      from: order.status,
      to: 'paid',
      guard: { expiresAfter: now },
      payload: {
        buyerId: order.buyerId,
        method: input.method,
        amountCents: order.totalCents,
        currency: order.currency,
        reference: charge.reference,
      },
    });
    const captured = await ctx.payments.insertCaptured(tx, {
      orderId,
      method: input.method,
      amountCents: order.totalCents,
      currency: order.currency,
      reference: charge.reference,
    });
    // Throwing rolls the status change back too: the order stays as it was.
    if (!captured) throw orderErrors.wrongState('paid', undefined);

    // Orders placed before checkout chose a delivery have none to book: they stay `paid`.
    if (order.delivery) {
      const trackingNumber = newTrackingNumber(order.delivery.providerName);
      await ctx.deliveries.insert(tx, {
        orderId,
        providerId: order.delivery.providerId,
        costCents: order.delivery.costCents,
        currency: order.currency,
        trackingNumber,
      });
      await transitionOrder(ctx, tx, {
        orderId,
        from: 'paid',
        to: 'delivery_assigned',
        payload: {
          buyerId: order.buyerId,
          providerId: order.delivery.providerId,
          providerName: order.delivery.providerName,
          costCents: order.delivery.costCents,
          currency: order.currency,
          trackingNumber,
        },
      });
    }
    return toOrderJson(await currentOrder(ctx, tx, orderId));
  });
}
