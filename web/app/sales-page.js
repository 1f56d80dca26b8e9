// "My sales": the lines of the signed-in seller's books in anyone's orders, newest first. Where to
// ship and the tracking number appear once the buyer has paid (the API leaves them out before).
import { apiRequest } from './api-client.js';
import { addressLines, formatDateTime } from './display-format.js';
import { el } from './element-builder.js';
import { formatMoney } from './money.js';
import { statusBadge } from './order-status-badge.js';
import { pager, readCursor } from './pager.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError } from './page-notices.js';

const PAGE_SIZE = 10;

function shipTo(sale) {
  if (!sale.shippingAddress) {
    return el('p', { class: 'muted small' }, 'Ship-to address shown once the buyer pays.');
  }
  const lines = addressLines(sale.shippingAddress);
  return el(
    'div',
    { class: 'sale-ship-to small' },
    el('p', {}, 'Ship to:'),
    el(
      'address',
      { 'data-testid': 'sale-address' },
      lines.flatMap((line, index) => (index === 0 ? [line] : [el('br'), line])),
    ),
    sale.trackingNumber
      ? el(
          'p',
          {},
          'Tracking: ',
          el(
            'span',
            { class: 'tracking-token', 'data-testid': 'sale-tracking' },
            sale.trackingNumber,
          ),
        )
      : null,
  );
}

/** One line of an order: which book, how many, for how much. */
function saleLine(sale) {
  return el(
    'li',
    {
      class: 'sale-line',
      'data-testid': 'sale-row',
      dataset: { orderId: String(sale.orderId), bookId: String(sale.bookId) },
    },
    el(
      'div',
      { class: 'list-row-main' },
      el(
        'h3',
        { class: 'sale-line-title' },
        el('a', { href: `/books/${sale.bookId}` }, sale.title),
      ),
      el(
        'p',
        { class: 'muted', 'data-testid': 'sale-quantity' },
        `${sale.quantity} × ${formatMoney(sale.unitPriceCents, sale.currency)}`,
      ),
    ),
    el(
      'span',
      { class: 'price', 'data-testid': 'sale-total' },
      formatMoney(sale.lineTotalCents, sale.currency),
    ),
  );
}

/**
 * One order's lines under one heading: the address and the tracking number are the order's, so
 * they are said once, not on every book of it.
 */
function saleOrder(lines) {
  const [first] = lines;
  return el(
    'li',
    {
      class: 'list-row sale-order',
      'data-testid': 'sale-order',
      dataset: { orderId: String(first.orderId) },
    },
    el(
      'div',
      { class: 'list-row-main' },
      el('h2', { class: 'list-row-title' }, `Order #${first.orderId}`),
      el(
        'p',
        { class: 'muted small', 'data-testid': 'sale-times' },
        `Ordered ${formatDateTime(first.orderedAt)}`,
        first.paidAt ? ` · paid ${formatDateTime(first.paidAt)}` : ' · not paid yet',
      ),
      el('ul', { class: 'sale-lines', 'data-testid': 'sale-lines' }, lines.map(saleLine)),
      shipTo(first),
    ),
    el('div', { class: 'list-row-figures' }, statusBadge(first.orderStatus)),
  );
}

/** Sales as the API lists them (an order's lines together), grouped by order. */
function byOrder(sales) {
  const groups = [];
  for (const sale of sales) {
    const last = groups.at(-1);
    if (last && last[0].orderId === sale.orderId) {
      last.push(sale);
    } else {
      groups.push([sale]);
    }
  }
  return groups;
}

/** Renders the seller's sales. */
export async function salesPage(context) {
  const { outlet, signal } = context;
  const { cursor } = readCursor(context);
  const loading = loadingNotice('Loading your sales…');
  outlet.append(pageHeading('My sales'), loading);
  try {
    const { items, nextCursor } = await apiRequest('GET', '/api/v1/me/sales', {
      query: { limit: PAGE_SIZE, cursor },
      signal,
    });
    loading.replaceWith(
      items.length
        ? el('ul', { class: 'list', 'data-testid': 'sales' }, byOrder(items).map(saleOrder))
        : el(
            'p',
            { class: 'empty-state', 'data-testid': 'sales-empty' },
            'None of your books has sold yet. ',
            el('a', { href: '/my-books/new' }, 'List a book'),
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
