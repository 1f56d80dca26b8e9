import type { OrderJson, ShippingAddressJson } from '../../shared/api/response-schemas';
import type { OrderRecord, ShippingAddress } from './order-repository';

export type { OrderJson };

/** Maps an order record to its API shape (money in cents, dates as ISO 8601). */
export function toOrderJson(order: OrderRecord): OrderJson {
  return {
    id: order.id,
    buyerId: order.buyerId,
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
    shippingAddress: order.shippingAddress && toShippingAddressJson(order.shippingAddress),
    payment: order.payment && {
      method: order.payment.method,
      amountCents: order.payment.amountCents,
      currency: order.payment.currency,
      status: order.payment.status,
      reference: order.payment.reference,
      createdAt: order.payment.createdAt.toISOString(),
    },
    delivery: order.delivery && {
      providerId: order.delivery.providerId,
      providerName: order.delivery.providerName,
      costCents: order.delivery.costCents,
      trackingNumber: order.delivery.trackingNumber,
    },
  };
}

/** An address field by field (a spread would pass on any field the record gains unseen). */
export function toShippingAddressJson(address: ShippingAddress): ShippingAddressJson {
  return {
    name: address.name,
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    region: address.region,
    postalCode: address.postalCode,
    country: address.country,
  };
}
