import type { IdPage } from '../../shared/db/id-page';
import { IndexHints, Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { OrderStatus } from '../../shared/domain/order-states';
import { statusesLeadingTo } from '../../shared/domain/order-states';
import type { Database } from '../../shared/db/create-database';
import type {
  DeliveryModel,
  DeliveryProviderModel,
  OrderLineModel,
  OrderModel,
  PaymentModel,
} from '../../shared/db/models';
import type { PaymentMethod } from '../../shared/domain/payment-methods';
import type { Tx } from '../../shared/db/repositories/unit-of-work';

export interface OrderLineRecord {
  bookId: number;
  title: string;
  author: string;
  unitPriceCents: number;
  quantity: number;
}

export interface PaymentRecord {
  method: PaymentMethod;
  amountCents: number;
  currency: string;
  status: 'captured';
  reference: string;
  createdAt: Date;
}

/** The delivery of an order: chosen at checkout, booked (tracking number) when paid. */
export interface DeliveryRecord {
  providerId: number;
  providerName: string;
  costCents: number;
  /** Null until the order is paid. */
  trackingNumber: string | null;
}

/** Where an order ships to. */
export interface ShippingAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** An order with its lines, payment and delivery, as plain data. */
export interface OrderRecord {
  id: number;
  buyerId: number;
  status: OrderStatus;
  subtotalCents: number;
  deliveryCostCents: number;
  /** Subtotal plus delivery: what the payment captures. */
  totalCents: number;
  currency: string;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  lines: OrderLineRecord[];
  /** Null for orders placed before checkout asked for one. */
  shippingAddress: ShippingAddress | null;
  payment: PaymentRecord | null;
  delivery: DeliveryRecord | null;
}

export interface NewOrder {
  buyerId: number;
  totalCents: number;
  /** The provider chosen at checkout and its cost (part of the total). */
  delivery: { providerId: number; providerName: string; costCents: number };
  shippingAddress: ShippingAddress;
  currency: string;
  expiresAt: Date;
  /** Each line with its book's seller, stored on the line for the seller's sales. */
  lines: Array<OrderLineRecord & { sellerId: number }>;
}

/** Extra conditions on a status change, so a time-bound change and its rival cannot both win. */
export interface TransitionGuard {
  /** Only if the order expires after this instant (payment). */
  expiresAfter?: Date;
  /** Only if the order expired at or before this instant (expiry). */
  expiredBy?: Date;
}

type OrderRow = OrderModel & {
  lines?: OrderLineModel[];
  payment?: PaymentModel | null;
  delivery?: (DeliveryModel & { provider?: DeliveryProviderModel }) | null;
  deliveryProvider?: DeliveryProviderModel | null;
};

function toLine(row: OrderLineModel): OrderLineRecord {
  return {
    bookId: row.bookId,
    title: row.title,
    author: row.author,
    unitPriceCents: row.unitPriceCents,
    quantity: row.quantity,
  };
}

/** The shipping address columns of an order row, or null for an order placed without one. */
export function toShippingAddress(row: OrderModel): ShippingAddress | null {
  const { shipName, shipLine1, shipCity, shipPostalCode, shipCountry } = row;
  if (shipName === null || shipLine1 === null || shipCity === null) return null;
  if (shipPostalCode === null || shipCountry === null) return null;
  return {
    name: shipName,
    line1: shipLine1,
    line2: row.shipLine2,
    city: shipCity,
    region: row.shipRegion,
    postalCode: shipPostalCode,
    country: shipCountry,
  };
}

/**
 * The delivery chosen at checkout, with the booking's tracking number once paid. Orders from before
 * checkout chose one have only the booking (assigned after payment, cost not in the total).
 */
function toDelivery(row: OrderRow): DeliveryRecord | null {
  const booked = row.delivery ?? null;
  const chosen = row.deliveryProvider ?? null;
  if (chosen) {
    return {
      providerId: chosen.id,
      providerName: chosen.name,
      costCents: row.deliveryCostCents,
      trackingNumber: booked?.trackingNumber ?? null,
    };
  }
  if (!booked) return null;
  return {
    providerId: booked.providerId,
    providerName: booked.provider?.name ?? '',
    costCents: booked.costCents,
    trackingNumber: booked.trackingNumber,
  };
}

function toRecord(row: OrderRow, lines: OrderLineModel[]): OrderRecord {
  const { payment } = row;
  return {
    id: row.id,
    buyerId: row.buyerId,
    status: row.status,
    subtotalCents: row.totalCents - row.deliveryCostCents,
    deliveryCostCents: row.deliveryCostCents,
    totalCents: row.totalCents,
    currency: row.currency,
    expiresAt: new Date(row.expiresAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    lines: [...lines].sort((a, b) => a.id - b.id).map(toLine),
    shippingAddress: toShippingAddress(row),
    payment: payment
      ? {
          method: payment.method,
          amountCents: payment.amountCents,
          currency: payment.currency,
          status: payment.status,
          reference: payment.reference,
          createdAt: new Date(payment.createdAt),
        }
      : null,
    delivery: toDelivery(row),
  };
}

// Checkout's statements are written out: they run on every order, and Sequelize's model methods
// (building instances, hooks, validation, lodash clones) cost more CPU than the database's work.
const INSERT_ORDER_SQL =
  'INSERT INTO orders (buyer_id, status, total_cents, currency, expires_at, delivery_cost_cents,' +
  ' delivery_provider_id, ship_name, ship_line1, ship_line2, ship_city, ship_region,' +
  ' ship_postal_code, ship_country, created_at, updated_at)' +
  " VALUES (?, 'pending_payment', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const INSERT_LINES_SQL =
  'INSERT INTO order_lines (order_id, book_id, seller_id, title, author, unit_price_cents, quantity) VALUES';
const COUNT_PENDING_SQL =
  "SELECT COUNT(*) AS pending FROM orders WHERE buyer_id = ? AND status = 'pending_payment'" +
  ' AND expires_at > ?';

/** The index that lists the orders of a filter in id order (none: the primary key does). */
function pageIndexOf(filter: { buyerId?: number; status?: OrderStatus }): string | undefined {
  if (filter.buyerId !== undefined)
    return filter.status === undefined ? 'orders_buyer' : 'orders_buyer_status';
  return filter.status === undefined ? undefined : 'orders_status';
}

/** Orders, their lines and their status changes. Returns plain objects only. */
export function createOrderRepository(db: Database) {
  const { Order, OrderLine, Payment, Delivery, DeliveryProvider } = db.models;
  // SQLite has no row locks: its IMMEDIATE transaction already holds the database's write lock.
  const lockBuyerSql = `SELECT id FROM users WHERE id = ?${db.dialect === 'mysql' ? ' FOR UPDATE' : ''}`;
  // A status change finds its order by the primary key. Left to choose, MariaDB read it from
  // orders_status (status, id), a non-unique index, and so also locked the gap after the entry: a
  // payment or expiry of the newest unpaid order held back every checkout (whose new order goes in
  // that gap) until it committed. SQLite reads the rowid by itself.
  const updateOrderSql = `UPDATE orders${db.dialect === 'mysql' ? ' FORCE INDEX (PRIMARY)' : ''}`;
  // Sequelize writes a MySQL DATETIME (DataTypes.DATE) in whole seconds: an answer built from what
  // was written shows the instant as a read of the row would.
  const asStored = (date: Date): Date =>
    db.dialect === 'mysql' ? new Date(Math.floor(date.getTime() / 1000) * 1000) : date;
  const includes = [
    { model: Payment, as: 'payment' },
    { model: Delivery, as: 'delivery', include: [{ model: DeliveryProvider, as: 'provider' }] },
    { model: DeliveryProvider, as: 'deliveryProvider' },
  ];

  async function linesOf(orderIds: number[], tx?: Tx): Promise<Map<number, OrderLineModel[]>> {
    const byOrder = new Map<number, OrderLineModel[]>();
    if (orderIds.length === 0) return byOrder;
    const rows = await OrderLine.findAll({ where: { orderId: orderIds }, transaction: tx ?? null });
    for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
    return byOrder;
  }

  return {
    /**
     * Inserts an order in `pending_payment` with its lines (one statement for all of them) and
     * returns it as a read would, without reading it back: what was written is known.
     */
    async insert(tx: Tx, order: NewOrder): Promise<OrderRecord> {
      const createdAt = asStored(new Date());
      const expiresAt = asStored(order.expiresAt);
      const address = order.shippingAddress;
      const [orderId] = await db.sequelize.query(INSERT_ORDER_SQL, {
        type: QueryTypes.INSERT,
        transaction: tx,
        replacements: [
          order.buyerId,
          order.totalCents,
          order.currency,
          expiresAt,
          order.delivery.costCents,
          order.delivery.providerId,
          address.name,
          address.line1,
          address.line2 ?? null,
          address.city,
          address.region ?? null,
          address.postalCode,
          address.country,
          createdAt,
          createdAt,
        ],
      });
      const id = Number(orderId);
      await db.sequelize.query(
        `${INSERT_LINES_SQL} ${order.lines.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        {
          type: QueryTypes.INSERT,
          transaction: tx,
          replacements: order.lines.flatMap((line) => [
            id,
            line.bookId,
            line.sellerId,
            line.title,
            line.author,
            line.unitPriceCents,
            line.quantity,
          ]),
        },
      );
      return {
        id,
        buyerId: order.buyerId,
        status: 'pending_payment',
        subtotalCents: order.totalCents - order.delivery.costCents,
        deliveryCostCents: order.delivery.costCents,
        totalCents: order.totalCents,
        currency: order.currency,
        expiresAt,
        createdAt,
        updatedAt: createdAt,
        lines: order.lines.map(({ sellerId: _seller, ...line }) => line),
        shippingAddress: {
          name: address.name,
          line1: address.line1,
          line2: address.line2 ?? null,
          city: address.city,
          region: address.region ?? null,
          postalCode: address.postalCode,
          country: address.country,
        },
        payment: null,
        delivery: {
          providerId: order.delivery.providerId,
          providerName: order.delivery.providerName,
          costCents: order.delivery.costCents,
          trackingNumber: null,
        },
      };
    },

    /** One order with everything it carries, or undefined. */
    async find(orderId: number, tx?: Tx): Promise<OrderRecord | undefined> {
      const row: OrderRow | null = await Order.findByPk(orderId, {
        include: includes,
        transaction: tx ?? null,
      });
      if (!row) return undefined;
      const lines = await linesOf([row.id], tx);
      return toRecord(row, lines.get(row.id) ?? []);
    },

    /** Orders newest first (of one buyer or of everyone, in one status or any), after `beforeId`. */
    async list(filter: {
      buyerId?: number;
      status?: OrderStatus;
      limit: number;
      beforeId?: number;
    }): Promise<IdPage<OrderRecord>> {
      const where: WhereOptions<OrderModel> = {};
      if (filter.buyerId !== undefined) Object.assign(where, { buyerId: filter.buyerId });
      if (filter.status !== undefined) Object.assign(where, { status: filter.status });
      if (filter.beforeId !== undefined) Object.assign(where, { id: { [Op.lt]: filter.beforeId } });
      // The page's ids first, from orders alone and from the index that holds the filter's
      // orders in id order: left to choose, MariaDB intersected two indexes and sorted a buyer's
      // whole history (500,000 orders: 0.8 s), or sorted a small buyer's orders from the wider
      // index. SQLite has no hints and reads them in order by itself.
      const index = pageIndexOf(filter);
      const found = await Order.findAll({
        attributes: ['id'],
        where,
        ...(index === undefined
          ? {}
          : { indexHints: [{ type: IndexHints.FORCE, values: [index] }] }),
        order: [['id', 'DESC']],
        limit: filter.limit + 1,
        raw: true,
      });
      const pageIds = found.slice(0, filter.limit).map((row) => row.id);
      const rows: OrderRow[] =
        pageIds.length === 0
          ? []
          : await Order.findAll({
              where: { id: pageIds },
              include: includes,
              order: [['id', 'DESC']],
            });
      const lines = await linesOf(pageIds);
      const items = rows.map((row) => toRecord(row, lines.get(row.id) ?? []));
      return { items, lastId: items.at(-1)?.id, hasMore: found.length > filter.limit };
    },

    /** The lines of an order. */
    async findLines(tx: Tx, orderId: number): Promise<OrderLineRecord[]> {
      const lines = await linesOf([orderId], tx);
      return (lines.get(orderId) ?? []).sort((a, b) => a.id - b.id).map(toLine);
    },

    /**
     * Moves an order to `to` only if it is still in a state that leads there (the transition table)
     * and the guard holds, in one conditional statement. Of two racing changes exactly one gets
     * `true`; the other sees no matching row.
     */
    async transition(
      tx: Tx,
      orderId: number,
      to: OrderStatus,
      guard: TransitionGuard = {},
    ): Promise<boolean> {
      const conditions = ['id = :orderId', 'status IN (:from)'];
      if (guard.expiresAfter) conditions.push('expires_at > :expiresAfter');
      if (guard.expiredBy) conditions.push('expires_at <= :expiredBy');
      const count = await db.sequelize.query(
        `${updateOrderSql} SET status = :to, updated_at = :now WHERE ${conditions.join(' AND ')}`,
        {
          type: QueryTypes.BULKUPDATE,
          transaction: tx,
          replacements: {
            orderId,
            from: statusesLeadingTo(to),
            to,
            now: new Date(),
            expiresAfter: guard.expiresAfter ?? null,
            expiredBy: guard.expiredBy ?? null,
          },
        },
      );
      return count === 1;
    },

    /**
     * Locks the buyer's user row until the transaction ends, so one buyer's checkouts run one at a
     * time and the unpaid-orders cap cannot be passed by parallel requests. False when the user no
     * longer exists.
     */
    async lockBuyer(tx: Tx, buyerId: number): Promise<boolean> {
      const rows = await db.sequelize.query(lockBuyerSql, {
        type: QueryTypes.SELECT,
        transaction: tx,
        replacements: [buyerId],
      });
      return rows.length === 1;
    },

    /** How many of a buyer's orders await payment and are not yet overdue at `now`. */
    async countPending(tx: Tx, buyerId: number, now: Date): Promise<number> {
      const row = await db.sequelize.query<{ pending: number | string }>(COUNT_PENDING_SQL, {
        type: QueryTypes.SELECT,
        plain: true,
        transaction: tx,
        replacements: [buyerId, now],
      });
      return Number(row?.pending ?? 0);
    },

    /** Ids of unpaid orders whose payment time ran out by `now`, oldest first. */
    async findOverdueIds(now: Date, limit: number): Promise<number[]> {
      const rows = await Order.findAll({
        where: { status: 'pending_payment', expiresAt: { [Op.lte]: now } },
        attributes: ['id'],
        order: [
          ['expiresAt', 'ASC'],
          ['id', 'ASC'],
        ],
        limit,
      });
      return rows.map((row) => row.id);
    },
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
