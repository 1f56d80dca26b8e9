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
    { class: 'small' },
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
          el('span', { 'data-testid': 'sale-tracking' }, sale.trackingNumber),
        )
      : null,
  );
}

function saleRow(sale) {
  return el(
    'li',
    {
      class: 'list-row',
      'data-testid': 'sale-row',
      dataset: { orderId: String(sale.orderId), bookId: String(sale.bookId) },
    },
    el(
      'div',
      { class: 'list-row-main' },
      el('h2', { class: 'list-row-title' }, el('a', { href: `/books/${sale.bookId}` }, sale.title)),
      el(
        'p',
        { class: 'muted', 'data-testid': 'sale-quantity' },
        `Order #${sale.orderId} · ${sale.quantity} × ${formatMoney(sale.unitPriceCents, sale.currency)}`,
      ),
      el(
        'p',
        { class: 'muted small', 'data-testid': 'sale-times' },
        `Ordered ${formatDateTime(sale.orderedAt)}`,
        sale.paidAt ? ` · paid ${formatDateTime(sale.paidAt)}` : ' · not paid yet',
      ),
      shipTo(sale),
    ),
    el(
      'div',
      { class: 'list-row-figures' },
      statusBadge(sale.orderStatus),
      el(
        'span',
        { class: 'price', 'data-testid': 'sale-total' },
        formatMoney(sale.lineTotalCents, sale.currency),
      ),
    ),
  );
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
        ? el('ul', { class: 'list', 'data-testid': 'sales' }, items.map(saleRow))
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
