export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'delivery_assigned',
  'cancelled',
  'expired',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The only transitions an order may make (DESIGN.md, "Order states"); anything else is a 409. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled', 'expired'],
  paid: ['delivery_assigned'],
  delivery_assigned: [],
  cancelled: [],
  expired: [],
};

/** Whether an order in `from` may move to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** The states from which an order may move to `to`, for conditional updates (`WHERE status IN …`). */
export function statusesLeadingTo(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}
