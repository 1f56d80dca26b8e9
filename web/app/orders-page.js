// "My orders": the signed-in buyer's orders, newest first, with status and total.
import { apiRequest } from './api-client.js';
import { formatDateTime } from './display-format.js';
import { el } from './element-builder.js';
import { formatMoney } from './money.js';
import { statusBadge } from './order-status-badge.js';
import { pager, readCursor } from './pager.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError } from './page-notices.js';

const PAGE_SIZE = 10;

/** One order in a list: number, date, copies, titles, status and total. */
export function orderRow(order) {
  // Tolerates a list answer without lines: the row then shows status and total only.
  const lines = order.lines ?? [];
  const copies = lines.reduce((sum, line) => sum + line.quantity, 0);
  const titles = lines.map((line) => line.title).join(', ');
  return el(
    'li',
    { class: 'list-row', 'data-testid': 'order-row', dataset: { orderId: String(order.id) } },
    el(
      'div',
      { class: 'list-row-main' },
      el(
        'h2',
        { class: 'list-row-title' },
        el('a', { href: `/orders/${order.id}` }, `Order #${order.id}`),
      ),
      el(
        'p',
        { class: 'muted' },
        lines.length
          ? `${formatDateTime(order.createdAt)} · ${copies} ${copies === 1 ? 'copy' : 'copies'}`
          : formatDateTime(order.createdAt),
      ),
      el('p', { class: 'small truncate' }, titles),
    ),
    el(
      'div',
      { class: 'list-row-figures' },
      statusBadge(order.status),
      el(
        'span',
        { class: 'price', 'data-testid': 'order-row-total' },
        formatMoney(order.totalCents, order.currency),
      ),
    ),
  );
}

/** Renders the buyer's order history. */
export async function ordersPage(context) {
  const { outlet, signal } = context;
  const { cursor } = readCursor(context);
  const loading = loadingNotice('Loading your orders…');
  outlet.append(pageHeading('My orders'), loading);
  try {
    const { items, nextCursor } = await apiRequest('GET', '/api/v1/orders', {
      query: { limit: PAGE_SIZE, cursor },
      signal,
    });
    loading.replaceWith(
      items.length
        ? el('ul', { class: 'list', 'data-testid': 'orders' }, items.map(orderRow))
        : el(
            'p',
            { class: 'empty-state', 'data-testid': 'orders-empty' },
            'You have no orders yet. ',
            el('a', { href: '/books' }, 'Find something to read'),
          ),
    );
    const controls = pager(context, nextCursor);
    if (controls) {
      outlet.append(controls);
    }
  } catch (error) {
    showLoadError(loading, error);
  }
}
