import type { IdPage } from '../../shared/db/id-page';
import { Op, type WhereOptions } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import type {
  DeliveryModel,
  OrderLineModel,
  OrderModel,
  PaymentModel,
} from '../../shared/db/models';
import { toShippingAddress, type ShippingAddress } from '../orders/order-repository';
import type { OrderStatus } from '../../shared/domain/order-states';

/** One line of a seller's book in an order, with what the seller needs to ship it. */
export interface SaleRecord {
  lineId: number;
  orderId: number;
  orderStatus: OrderStatus;
  bookId: number;
  title: string;
  author: string;
  quantity: number;
  unitPriceCents: number;
  currency: string;
  orderedAt: Date;
  /** Null until paid. */
  paidAt: Date | null;
  /** Where the order ships; the use case shows it only once paid. */
  shippingAddress: ShippingAddress | null;
  trackingNumber: string | null;
}

type SaleRow = OrderLineModel & {
  order: OrderModel & { payment: PaymentModel | null; delivery: DeliveryModel | null };
};

/** The order lines of a seller's books (used only by the origin's sales view). */
export function createSalesRepository(db: Database) {
  const { OrderLine, Order, Payment, Delivery } = db.models;
  return {
    /**
     * A seller's lines newest first, after the cursor `beforeId` (a line id): the seller stored on
     * each line and the (seller_id, id) index give a page without reading the seller's books, so a
     * deleted book keeps its sales (the seller still ships what was sold).
     */
    async listOfSeller(
      sellerId: number,
      page: { limit: number; beforeId?: number },
    ): Promise<IdPage<SaleRecord>> {
      const where: WhereOptions<OrderLineModel> = { sellerId };
      if (page.beforeId !== undefined) Object.assign(where, { id: { [Op.lt]: page.beforeId } });
      const rows = (await OrderLine.findAll({
        where,
        include: [
          {
            model: Order,
            as: 'order',
            include: [
              { model: Payment, as: 'payment' },
              { model: Delivery, as: 'delivery' },
            ],
          },
        ],
        order: [['id', 'DESC']],
        limit: page.limit + 1,
      })) as SaleRow[];
      const items = rows.slice(0, page.limit).map((row): SaleRecord => ({
        lineId: row.id,
        orderId: row.orderId,
        orderStatus: row.order.status,
        bookId: row.bookId,
        title: row.title,
        author: row.author,
        quantity: row.quantity,
        unitPriceCents: row.unitPriceCents,
        currency: row.order.currency,
        orderedAt: new Date(row.order.createdAt),
        paidAt: row.order.payment ? new Date(row.order.payment.createdAt) : null,
        shippingAddress: toShippingAddress(row.order),
        trackingNumber: row.order.delivery?.trackingNumber ?? null,
      }));
      return { items, lastId: items.at(-1)?.lineId, hasMore: rows.length > page.limit };
    },
  };
}

export type SalesRepository = ReturnType<typeof createSalesRepository>;
