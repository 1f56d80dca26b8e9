// Administrators: every buyer's orders, newest first, optionally of one status (?status=paid).
import { ORDER_STATUSES, orderStatusLabel } from './display-format.js';
import { el } from './element-builder.js';
import { selectField } from './form-fields.js';
import { showOrderList } from './order-list.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { navigate } from './router.js';

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
  const requested = context.query.get('status') ?? '';
  const status = ORDER_STATUSES.includes(requested) ? requested : '';
  const loading = loadingNotice('Loading orders…');
  context.outlet.append(pageHeading('All orders'), statusFilter(status), loading);
  await showOrderList(context, loading, {
    query: { scope: 'all', status: status || undefined },
    emptyContent: status
      ? `No orders are ${orderStatusLabel(status).toLowerCase()}.`
      : 'No orders yet.',
  });
}
