import { mapIdPage, type IdPage } from '../../shared/db/id-page';
import type { SaleJson } from '../../shared/api/response-schemas';
import { toShippingAddressJson } from '../orders/order-json';
import type { OriginContext } from '../origin-context';

/**
 * The caller's sales, newest first: the lines of their own books in anyone's orders (in an order
 * with several sellers, only theirs). The address and tracking number appear once the order is
 * paid, when there is something to ship.
 */
export async function listMySales(
  ctx: OriginContext,
  sellerId: number,
  page: { limit: number; beforeId: number | undefined },
): Promise<IdPage<SaleJson>> {
  const found = await ctx.sales.listOfSeller(sellerId, {
    limit: page.limit,
    ...(page.beforeId ? { beforeId: page.beforeId } : {}),
  });
  return mapIdPage(found, (sale): SaleJson => {
    const paid = sale.paidAt !== null;
    return {
      orderId: sale.orderId,
      orderStatus: sale.orderStatus,
      bookId: sale.bookId,
      title: sale.title,
      author: sale.author,
      quantity: sale.quantity,
      unitPriceCents: sale.unitPriceCents,
      lineTotalCents: sale.unitPriceCents * sale.quantity,
      currency: sale.currency,
      orderedAt: sale.orderedAt.toISOString(),
      paidAt: sale.paidAt?.toISOString() ?? null,
      shippingAddress:
        paid && sale.shippingAddress ? toShippingAddressJson(sale.shippingAddress) : null,
      trackingNumber: paid ? sale.trackingNumber : null,
    };
  });
}
