// Administrators: every buyer's orders, newest first, optionally of one status (?status=paid).
import { ORDER_STATUSES, orderStatusLabel } from './display-format.js';
import { el } from './element-builder.js';
import { selectField } from './form-fields.js';
import { showOrderList } from './order-list.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { navigate } from './router.js';

function statusFilter(status, buyerId) {
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
    const query = new URLSearchParams({
      ...(buyerId ? { buyerId } : {}),
      ...(chosen ? { status: chosen } : {}),
    });
    // A new filter starts again on the first page.
    void navigate(query.size ? `/admin/orders?${query}` : '/admin/orders');
  });
  return form;
}

/** Renders all orders for an administrator. */
export async function adminOrdersPage(context) {
  const requested = context.query.get('status') ?? '';
  const status = ORDER_STATUSES.includes(requested) ? requested : '';
  // One buyer's orders, from a row's buyer link.
  const buyerId = /^[1-9]\d{0,9}$/.test(context.query.get('buyerId') ?? '')
    ? context.query.get('buyerId')
    : '';
  const loading = loadingNotice('Loading orders…');
  context.outlet.append(
    pageHeading(buyerId ? `Orders of buyer #${buyerId}` : 'All orders'),
    statusFilter(status, buyerId),
    loading,
  );
  await showOrderList(context, loading, {
    query: { scope: 'all', status: status || undefined, buyerId: buyerId || undefined },
    emptyContent: status
      ? `No orders are ${orderStatusLabel(status).toLowerCase()}.`
      : 'No orders yet.',
    showBuyer: true,
  });
}
