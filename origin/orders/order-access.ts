import type { OrderRecord } from '../../shared/db/repositories/order-repository';
import type { Tx } from '../../shared/db/repositories/unit-of-work';
import type { Principal } from '../../shared/auth/principal';
import type { OriginContext } from '../origin-context';
import { orderErrors } from './order-errors';

/**
 * The caller's own order. Another user's order is a 404 exactly like a missing one, so ids reveal
 * nothing; only reads (`allowAdmin`) let an administrator see anyone's.
 */
export async function findVisibleOrder(
  ctx: OriginContext,
  principal: Principal,
  orderId: number,
  options: { allowAdmin: boolean; tx?: Tx },
): Promise<OrderRecord> {
  const order = await ctx.orders.find(orderId, options.tx);
  const visible =
    order &&
    (order.buyerId === principal.userId || (options.allowAdmin && principal.role === 'admin'));
  if (!order || !visible) throw orderErrors.orderNotFound();
  return order;
}
