import type { Principal } from '../../shared/auth/principal';
import { forbidden } from '../../shared/errors/app-error';
import type { OriginContext } from '../origin-context';
import { findVisibleOrder } from './order-access';
import { toOrderJson, type OrderJson } from './order-json';

/** One order with its lines, payment and delivery: the buyer's own, or any for an administrator. */
export async function getOrder(
  ctx: OriginContext,
  principal: Principal,
  orderId: number,
): Promise<OrderJson> {
  return toOrderJson(await findVisibleOrder(ctx, principal, orderId, { allowAdmin: true }));
}

/**
 * The caller's orders, newest first. An administrator may ask for another buyer's (`buyerId`);
 * anyone else asking for someone else's is refused.
 */
export async function listOrders(
  ctx: OriginContext,
  principal: Principal,
  query: { buyerId: number | undefined; limit: number; beforeId: number | undefined },
): Promise<{ items: OrderJson[]; lastId: number | undefined; hasMore: boolean }> {
  const buyerId = query.buyerId ?? principal.userId;
  if (buyerId !== principal.userId && principal.role !== 'admin') {
    throw forbidden('Only administrators may read other buyers\u2019 orders.');
  }
  const page = await ctx.orders.list({
    buyerId,
    limit: query.limit,
    ...(query.beforeId ? { beforeId: query.beforeId } : {}),
  });
  return { items: page.items.map(toOrderJson), lastId: page.lastId, hasMore: page.hasMore };
}
