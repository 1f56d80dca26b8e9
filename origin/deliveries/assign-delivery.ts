import type { Principal } from '../../shared/auth/principal';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import { AppError } from '../../shared/errors/app-error';
import { findVisibleOrder } from '../orders/order-access';
import { orderErrors } from '../orders/order-errors';
import { toOrderJson, type OrderJson } from '../orders/order-json';
import type { OriginContext } from '../origin-context';
import type { AssignDeliveryInput } from './delivery-input-schema';
import { newTrackingNumber } from './tracking-number';

/**
 * The buyer picks a delivery provider for a paid order: its cost and a new tracking number are
 * recorded, the order becomes `delivery_assigned` and `delivery.assigned` is written, all at once.
 */
export async function assignDelivery(
  ctx: OriginContext,
  principal: Principal,
  orderId: number,
  input: AssignDeliveryInput,
): Promise<OrderJson> {
  return inTransaction(ctx.db, async (tx) => {
    const order = await findVisibleOrder(ctx, principal, orderId, { allowAdmin: false, tx });
    const provider = await ctx.deliveries.findProvider(input.providerId, tx);
    if (!provider) {
      throw new AppError(
        'delivery-provider-not-found',
        404,
        `There is no delivery provider ${input.providerId}.`,
        {
          errors: [{ path: 'providerId', message: 'is not a delivery provider' }],
        },
      );
    }
    if (order.status !== 'paid') throw orderErrors.wrongState('given a delivery', order.status);
    if (!(await ctx.orders.transition(tx, orderId, 'delivery_assigned'))) {
      throw orderErrors.wrongState('given a delivery', undefined);
    }
    const trackingNumber = newTrackingNumber(provider.name);
    await ctx.deliveries.insert(tx, {
      orderId,
      providerId: provider.id,
      costCents: provider.costCents,
      currency: provider.currency,
      trackingNumber,
    });
    await ctx.outbox.append(tx, {
      type: 'delivery.assigned',
      aggregateType: 'order',
      aggregateId: orderId,
      payload: {
        orderId,
        buyerId: order.buyerId,
        providerId: provider.id,
        providerName: provider.name,
        costCents: provider.costCents,
        currency: provider.currency,
        trackingNumber,
      },
    });
    const assigned = await ctx.orders.find(orderId, tx);
    return toOrderJson(assigned ?? order);
  });
}
