import type { Email } from './email-sender';
import type { OrderToNotify } from './order-notification-repository';

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;

const lineText = (line: OrderToNotify['lines'][number]) =>
  `- ${line.quantity} × ${line.title} by ${line.author}`;

/** The buyer's confirmation of a paid order. */
export function buyerConfirmation(order: OrderToNotify): Email {
  return {
    to: order.buyer.email,
    subject: `Your order #${order.id} is confirmed`,
    text: [
      `Hello ${order.buyer.name},`,
      '',
      `your payment of ${money(order.totalCents, order.currency)} for order #${order.id} is confirmed.`,
      'The sellers have been asked to ship:',
      ...order.lines.map(lineText),
    ].join('\n'),
  };
}

/**
 * One e-mail per seller of the order: only that seller's lines, the address to ship to and the
 * delivery provider chosen at checkout. It names no buyer contact (e-mail): the marketplace is
 * between them.
 */
export function sellerShippingRequests(order: OrderToNotify): Email[] {
  const bySeller = new Map<number, OrderToNotify['lines']>();
  for (const line of order.lines) {
    bySeller.set(line.seller.id, [...(bySeller.get(line.seller.id) ?? []), line]);
  }
  return [...bySeller.values()].map((lines) => {
    const [{ seller }] = lines as [OrderToNotify['lines'][number]];
    const books = lines.reduce((sum, line) => sum + line.quantity, 0);
    return {
      to: seller.email,
      subject: `Order #${order.id} is paid: please ship ${books === 1 ? '1 book' : `${books} books`}`,
      text: [
        `Hello ${seller.name},`,
        '',
        `order #${order.id} is paid. Please prepare for shipping:`,
        ...lines.map(lineText),
        ...(order.shipTo ? ['', 'Ship to:', ...order.shipTo] : []),
        ...(order.deliveryProvider ? ['', `Delivery: ${order.deliveryProvider}`] : []),
      ].join('\n'),
    };
  });
}
