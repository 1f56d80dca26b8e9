import type { OrderRecord, TransitionGuard } from './order-repository';
import type { Tx } from '../../shared/db/repositories/unit-of-work';
import type { OrderEventType } from '../outbox/outbox-repository';
import { canTransition, type OrderStatus } from '../../shared/domain/order-states';
import type { OriginContext } from '../origin-context';
import { orderErrors } from './order-errors';

/** The event every change into a status writes to the outbox (DESIGN.md, order events). */
const EVENT_OF: Record<Exclude<OrderStatus, 'pending_payment'>, OrderEventType> = {
  paid: 'order.paid',
  delivery_assigned: 'delivery.assigned',
  cancelled: 'order.cancelled',
  expired: 'order.expired',
};

/**
 * Moves an order from `from` to `to` as the transition table allows, and writes the change's event
 * in the same transaction. The conditional update is the race's
 * referee: of a payment, a cancel and an expiry running at once, exactly one changes the row, and
 * the others get a 409 (order-state-conflict) that rolls their transaction back.
 */
export async function transitionOrder(
  ctx: OriginContext,
  tx: Tx,
  change: {
    orderId: number;
    from: OrderStatus;
    to: Exclude<OrderStatus, 'pending_payment'>;
    guard?: TransitionGuard;
    payload: Record<string, unknown>;
  },
): Promise<void> {
  const { orderId, from, to } = change;
  assertTransition(from, to);
  if (!(await ctx.orders.transition(tx, orderId, to, change.guard))) {
    throw orderErrors.wrongState(to, undefined);
  }
  await ctx.outbox.append(tx, {
    type: EVENT_OF[to],
    aggregateType: 'order',
    aggregateId: orderId,
    payload: { orderId, ...change.payload },
  });
}

/** Refuses (409) a change the transition table does not allow from the order's current status. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw orderErrors.wrongState(to, from);
}

/** An order read inside the transaction that just changed it: it cannot be missing. */
export async function currentOrder(
  ctx: OriginContext,
  tx: Tx,
  orderId: number,
): Promise<OrderRecord> {
  const order = await ctx.orders.find(orderId, tx);
  if (!order) throw new Error(`order ${orderId} vanished inside its own transaction`);
  return order;
}
