import { QueryTypes, UniqueConstraintError } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import type { Tx } from '../../shared/db/repositories/unit-of-work';

/** What the e-mails of a paid order need: the buyer, and each line with the seller who ships it. */
export interface OrderToNotify {
  id: number;
  totalCents: number;
  currency: string;
  buyer: { name: string; email: string };
  /** Where the sellers ship, and with whom (orders placed before checkout v2 have neither). */
  shipTo: string[] | undefined;
  deliveryProvider: string | undefined;
  lines: Array<{
    title: string;
    author: string;
    quantity: number;
    seller: { id: number; name: string; email: string };
  }>;
}

interface OrderRow {
  id: number;
  total_cents: number;
  currency: string;
  buyer_name: string;
  buyer_email: string;
  ship_name: string | null;
  ship_line1: string | null;
  ship_line2: string | null;
  ship_city: string | null;
  ship_region: string | null;
  ship_postal_code: string | null;
  ship_country: string | null;
  provider_name: string | null;
}

interface LineRow {
  title: string;
  author: string;
  quantity: number;
  seller_id: number;
  seller_name: string;
  seller_email: string;
}

/** The notifications function's reads and its record of handled events (processed_events). */
export function createOrderNotificationRepository(db: Database, consumer: string) {
  return {
    /**
     * Records the event as handled by this consumer unless it already is. The primary key makes
     * this race-free: a parallel claim of the same event waits for this transaction and then finds
     * the row (or takes over if this one rolls back). False: already handled.
     */
    async claim(tx: Tx, eventId: string, at: Date): Promise<boolean> {
      try {
        await db.sequelize.query(
          'INSERT INTO processed_events (event_id, consumer, processed_at) VALUES (:eventId, :consumer, :at)',
          { replacements: { eventId, consumer, at }, type: QueryTypes.INSERT, transaction: tx },
        );
        return true;
      } catch (error) {
        if (error instanceof UniqueConstraintError) return false;
        throw error;
      }
    },

    /** The order with its buyer and its lines' sellers (books deleted since still count), or undefined. */
    async findOrder(tx: Tx, orderId: number): Promise<OrderToNotify | undefined> {
      const [order] = await db.sequelize.query<OrderRow>(
        `SELECT o.id, o.total_cents, o.currency, u.name AS buyer_name, u.email AS buyer_email,
                o.ship_name, o.ship_line1, o.ship_line2, o.ship_city, o.ship_region,
                o.ship_postal_code, o.ship_country, p.name AS provider_name
           FROM orders o JOIN users u ON u.id = o.buyer_id
           LEFT JOIN delivery_providers p ON p.id = o.delivery_provider_id
          WHERE o.id = :orderId`,
        { replacements: { orderId }, type: QueryTypes.SELECT, transaction: tx },
      );
      if (!order) return undefined;
      const lines = await db.sequelize.query<LineRow>(
        `SELECT l.title, l.author, l.quantity, b.seller_id, s.name AS seller_name, s.email AS seller_email
           FROM order_lines l JOIN books b ON b.id = l.book_id JOIN users s ON s.id = b.seller_id
          WHERE l.order_id = :orderId ORDER BY l.id`,
        { replacements: { orderId }, type: QueryTypes.SELECT, transaction: tx },
      );
      return {
        id: Number(order.id),
        totalCents: Number(order.total_cents),
        currency: order.currency,
        buyer: { name: order.buyer_name, email: order.buyer_email },
        shipTo: order.ship_line1
          ? [
              order.ship_name,
              order.ship_line1,
              order.ship_line2,
              [order.ship_postal_code, order.ship_city].filter(Boolean).join(' '),
              order.ship_region,
              order.ship_country,
            ].filter((part): part is string => Boolean(part))
          : undefined,
        deliveryProvider: order.provider_name ?? undefined,
        lines: lines.map((line) => ({
          title: line.title,
          author: line.author,
          quantity: Number(line.quantity),
          seller: {
            id: Number(line.seller_id),
            name: line.seller_name,
            email: line.seller_email,
          },
        })),
      };
    },
  };
}
