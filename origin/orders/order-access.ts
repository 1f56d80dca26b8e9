import type { OrderRecord } from './order-repository';
import type { Tx } from '../../shared/db/repositories/unit-of-work';
import type { Principal } from '../../shared/auth/principal';
import type { OriginContext } from '../origin-context';
import { orderErrors } from './order-errors';

/**
 * Whether the caller is an administrator now, by their current role in the database: a token's
 * role claim outlives a demotion until the token expires.
 */
export async function isAdminNow(ctx: OriginContext, principal: Principal): Promise<boolean> {
  if (principal.role !== 'admin') return false;
  return (await ctx.users.findById(principal.userId))?.role === 'admin';
}

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
  if (!order) throw orderErrors.orderNotFound();
  if (order.buyerId === principal.userId) return order;
  if (options.allowAdmin && (await isAdminNow(ctx, principal))) return order;
  throw orderErrors.orderNotFound();
}
