// An order's status as a coloured badge with words; data-status carries the API value for tests.
import { orderStatusLabel } from './display-format.js';
import { el } from './element-builder.js';

/** The order status badge (data-testid="order-status", data-status="paid" etc.). */
export function statusBadge(status) {
  return el(
    'span',
    { class: `status status-${status}`, 'data-testid': 'order-status', dataset: { status } },
    orderStatusLabel(status),
  );
}
