import { Op, type WhereOptions } from 'sequelize';
import type { OrderStatus } from '../../orders/order-states';
import { statusesLeadingTo } from '../../orders/order-states';
import type { Database } from '../create-database';
import type {
  DeliveryCoverage,
  DeliveryModel,
  DeliveryProviderModel,
  OrderLineModel,
  OrderModel,
  PaymentMethod,
  PaymentModel,
} from '../models';
import type { Tx } from './unit-of-work';

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

export interface DeliveryRecord {
  providerId: number;
  providerName: string;
  coverage: DeliveryCoverage;
  costCents: number;
  currency: string;
  trackingNumber: string;
  createdAt: Date;
}

/** An order with its lines, payment and delivery, as plain data. */
export interface OrderRecord {
  id: number;
  buyerId: number;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  lines: OrderLineRecord[];
  payment: PaymentRecord | null;
  delivery: DeliveryRecord | null;
}

export interface NewOrder {
  buyerId: number;
  totalCents: number;
  currency: string;
  expiresAt: Date;
  lines: OrderLineRecord[];
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

function toRecord(row: OrderRow, lines: OrderLineModel[]): OrderRecord {
  const { payment, delivery } = row;
  return {
    id: row.id,
    buyerId: row.buyerId,
    status: row.status,
    totalCents: row.totalCents,
    currency: row.currency,
    expiresAt: new Date(row.expiresAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    lines: [...lines].sort((a, b) => a.id - b.id).map(toLine),
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
    delivery: delivery
      ? {
          providerId: delivery.providerId,
          providerName: delivery.provider?.name ?? '',
          coverage: delivery.provider?.coverage ?? 'national',
          costCents: delivery.costCents,
          currency: delivery.currency,
          trackingNumber: delivery.trackingNumber,
          createdAt: new Date(delivery.createdAt),
        }
      : null,
  };
}

/** Orders, their lines and their status changes. Returns plain objects only. */
export function createOrderRepository(db: Database) {
  const { Order, OrderLine, Payment, Delivery, DeliveryProvider } = db.models;
  const includes = [
    { model: Payment, as: 'payment' },
    { model: Delivery, as: 'delivery', include: [{ model: DeliveryProvider, as: 'provider' }] },
  ];

  async function linesOf(orderIds: number[], tx?: Tx): Promise<Map<number, OrderLineModel[]>> {
    const byOrder = new Map<number, OrderLineModel[]>();
    if (orderIds.length === 0) return byOrder;
    const rows = await OrderLine.findAll({ where: { orderId: orderIds }, transaction: tx ?? null });
    for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
    return byOrder;
  }

  return {
    /** Inserts an order in `pending_payment` with its lines; returns its id. */
    async insert(tx: Tx, order: NewOrder): Promise<number> {
      const row = await Order.create(
        {
          buyerId: order.buyerId,
          status: 'pending_payment',
          totalCents: order.totalCents,
          currency: order.currency,
          expiresAt: order.expiresAt,
        },
        { transaction: tx },
      );
      await OrderLine.bulkCreate(
        order.lines.map((line) => ({ orderId: row.id, ...line })),
        { transaction: tx },
      );
      return row.id;
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

    /** Orders newest first (of one buyer, or of everyone), after the cursor `beforeId`. */
    async list(filter: { buyerId?: number; limit: number; beforeId?: number }) {
      const where: WhereOptions<OrderModel> = {};
      if (filter.buyerId !== undefined) Object.assign(where, { buyerId: filter.buyerId });
      if (filter.beforeId !== undefined) Object.assign(where, { id: { [Op.lt]: filter.beforeId } });
      const rows: OrderRow[] = await Order.findAll({
        where,
        include: includes,
        order: [['id', 'DESC']],
        limit: filter.limit + 1,
      });
      const page = rows.slice(0, filter.limit);
      const lines = await linesOf(page.map((row) => row.id));
      const items = page.map((row) => toRecord(row, lines.get(row.id) ?? []));
      return { items, lastId: items.at(-1)?.id, hasMore: rows.length > filter.limit };
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
      const where: Record<string | symbol, unknown> = {
        id: orderId,
        status: statusesLeadingTo(to),
      };
      if (guard.expiresAfter) where.expiresAt = { [Op.gt]: guard.expiresAfter };
      if (guard.expiredBy) where.expiresAt = { [Op.lte]: guard.expiredBy };
      const [count] = await Order.update(
        { status: to },
        { where: where as WhereOptions<OrderModel>, transaction: tx },
      );
      return count === 1;
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
