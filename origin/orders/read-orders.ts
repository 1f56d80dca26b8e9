import { mapIdPage, type IdPage } from '../../shared/db/id-page';
import type { Principal } from '../../shared/auth/principal';
import { forbidden } from '../../shared/errors/app-error';
import type { OriginContext } from '../origin-context';
import { findVisibleOrder, isAdminNow } from './order-access';
import type { ListOrdersQuery } from '../../shared/api/order-input-schemas';
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
 * Orders newest first: the caller's own, or with `scope=all` everyone's (administrators only,
 * optionally of one buyer); either filtered by status.
 */
export async function listOrders(
  ctx: OriginContext,
  principal: Principal,
  query: ListOrdersQuery & { limit: number; beforeId: number | undefined },
): Promise<IdPage<OrderJson>> {
  if (query.scope === 'all' && !(await isAdminNow(ctx, principal))) {
    throw forbidden('Only administrators may read every order.');
  }
  const buyerId = query.scope === 'all' ? query.buyerId : principal.userId;
  const page = await ctx.orders.list({
    limit: query.limit,
    ...(buyerId !== undefined ? { buyerId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.beforeId ? { beforeId: query.beforeId } : {}),
  });
  return mapIdPage(page, toOrderJson);
}
