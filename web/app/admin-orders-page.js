// Administrators: every buyer's orders, newest first, optionally of one status (?status=paid).
import { apiRequest } from './api-client.js';
import { ORDER_STATUSES, orderStatusLabel } from './display-format.js';
import { el } from './element-builder.js';
import { selectField } from './form-fields.js';
import { orderRow } from './orders-page.js';
import { pager, readCursor } from './pager.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError } from './page-notices.js';
import { navigate } from './router.js';

const PAGE_SIZE = 10;

function statusFilter(status) {
  const form = el(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter orders' },
    selectField({
      name: 'status',
      label: 'Status',
      value: status,
      options: [
        { value: '', label: 'All statuses' },
        ...ORDER_STATUSES.map((value) => ({ value, label: orderStatusLabel(value) })),
      ],
    }),
    el('button', { type: 'submit', class: 'button button-secondary' }, 'Filter'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = form.elements.status.value;
    // A new filter starts again on the first page.
    void navigate(
      chosen ? `/admin/orders?${new URLSearchParams({ status: chosen })}` : '/admin/orders',
    );
  });
  return form;
}

/** Renders all orders for an administrator. */
export async function adminOrdersPage(context) {
  const { outlet, signal } = context;
  const { cursor } = readCursor(context);
  const requested = context.query.get('status') ?? '';
  const status = ORDER_STATUSES.includes(requested) ? requested : '';
  const loading = loadingNotice('Loading orders…');
  outlet.append(pageHeading('All orders'), statusFilter(status), loading);
  try {
    const { items, nextCursor } = await apiRequest('GET', '/api/v1/orders', {
      query: { scope: 'all', status: status || undefined, limit: PAGE_SIZE, cursor },
      signal,
    });
    loading.replaceWith(
      items.length
        ? el('ul', { class: 'list', 'data-testid': 'orders' }, items.map(orderRow))
        : el(
            'p',
            { class: 'empty-state', 'data-testid': 'orders-empty' },
            status ? `No orders are ${orderStatusLabel(status).toLowerCase()}.` : 'No orders yet.',
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
