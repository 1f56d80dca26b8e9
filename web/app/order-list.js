// A page of orders as a list: the rows of "My orders" and the administrators' "All orders".
import { apiRequest } from './api-client.js';
import { countryName } from './countries.js';
import { formatDateTime } from './display-format.js';
import { el } from './element-builder.js';
import { formatMoney } from './money.js';
import { statusBadge } from './order-status-badge.js';
import { pager, readCursor } from './pager.js';
import { showLoadError } from './page-notices.js';

const PAGE_SIZE = 10;

/** Whose an order is, for administrators: the buyer (a link to their orders) and the ship-to name. */
function buyerLine(order) {
  const shipTo = order.shippingAddress
    ? ` · ships to ${order.shippingAddress.name}, ${countryName(order.shippingAddress.country)}`
    : '';
  return el(
    'p',
    { class: 'small', 'data-testid': 'order-buyer' },
    'Buyer ',
    el(
      'a',
      { href: `/admin/orders?${new URLSearchParams({ buyerId: String(order.buyerId) })}` },
      `#${order.buyerId}`,
    ),
    shipTo,
  );
}

/** One order in a list: number, date, copies, titles, status and total (and whose, for admins). */
function orderRow(order, showBuyer) {
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
      showBuyer ? buyerLine(order) : null,
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

/**
 * Loads one page of GET /api/v1/orders (`query` plus the page's cursor) in place of `loading`: the
 * order rows (with their buyer when `showBuyer`), or an empty state of `emptyContent` when there
 * are none, then the pager.
 */
export async function showOrderList(context, loading, { query, emptyContent, showBuyer = false }) {
  const { cursor } = readCursor(context);
  try {
    const { items, nextCursor } = await apiRequest('GET', '/api/v1/orders', {
      query: { ...query, limit: PAGE_SIZE, cursor },
      signal: context.signal,
    });
    loading.replaceWith(
      items.length
        ? el(
            'ul',
            { class: 'list', 'data-testid': 'orders' },
            items.map((order) => orderRow(order, showBuyer)),
          )
        : el('p', { class: 'empty-state', 'data-testid': 'orders-empty' }, emptyContent),
    );
    const controls = pager(context, nextCursor);
    if (controls) {
      context.outlet.append(controls);
    }
  } catch (error) {
    showLoadError(loading, error);
  }
}
