import type {
  DeliveryRecord,
  OrderRecord,
  ShippingAddress,
} from '../../shared/db/repositories/order-repository';
import type { OrderStatus } from '../../shared/orders/order-states';

/** An order as the API returns it. */
export interface OrderJson {
  id: number;
  status: OrderStatus;
  subtotalCents: number;
  deliveryCostCents: number;
  totalCents: number;
  currency: string;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  lines: Array<{
    bookId: number;
    title: string;
    author: string;
    unitPriceCents: number;
    quantity: number;
    lineTotalCents: number;
  }>;
  shippingAddress: ShippingAddress | null;
  payment: {
    method: string;
    amountCents: number;
    currency: string;
    status: string;
    reference: string;
    createdAt: string;
  } | null;
  delivery: DeliveryRecord | null;
}

/** Maps an order record to its API shape (money in cents, dates as ISO 8601). */
export function toOrderJson(order: OrderRecord): OrderJson {
  return {
    id: order.id,
    status: order.status,
    subtotalCents: order.subtotalCents,
    deliveryCostCents: order.deliveryCostCents,
    totalCents: order.totalCents,
    currency: order.currency,
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    lines: order.lines.map((line) => ({
      bookId: line.bookId,
      title: line.title,
      author: line.author,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      lineTotalCents: line.unitPriceCents * line.quantity,
    })),
    shippingAddress: order.shippingAddress && { ...order.shippingAddress },
    payment: order.payment && {
      method: order.payment.method,
      amountCents: order.payment.amountCents,
      currency: order.payment.currency,
      status: order.payment.status,
      reference: order.payment.reference,
      createdAt: order.payment.createdAt.toISOString(),
    },
    delivery: order.delivery && { ...order.delivery },
  };
}
