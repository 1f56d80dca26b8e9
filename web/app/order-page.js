// One order, and the rest of checkout on it: the server's summary (subtotal, delivery, total) and the
// shipping address, then pay the total (which books the delivery chosen at checkout), then the
// confirmation with the tracking number.
import { ApiError, apiRequest, describeError } from './api-client.js';
import {
  addressLines,
  formatDateTime,
  orderStatusLabel,
  PAYMENT_METHODS,
  paymentMethodLabel,
  paymentStatusLabel,
} from './display-format.js';
import { el, replaceContent } from './element-builder.js';
import {
  checkboxField,
  formAlert,
  missingRequiredFields,
  radioGroup,
  setFormBusy,
  showFormErrors,
} from './form-fields.js';
import { formatMoney } from './money.js';
import { statusBadge } from './order-status-badge.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError, showPageAlert, showPageStatus } from './page-notices.js';

const STEPS = [
  { label: 'Order placed', doneFrom: ['pending_payment', 'paid', 'delivery_assigned'] },
  { label: 'Payment', doneFrom: ['paid', 'delivery_assigned'], currentAt: 'pending_payment' },
  { label: 'Confirmation', doneFrom: [], currentAt: 'delivery_assigned' },
];

function checkoutSteps(status) {
  if (status === 'cancelled' || status === 'expired') {
    return null;
  }
  return el(
    'ol',
    { class: 'steps', 'aria-label': 'Checkout progress' },
    STEPS.map((step) => {
      const current = step.currentAt === status;
      const done = step.doneFrom.includes(status) || (current && status === 'delivery_assigned');
      return el(
        'li',
        {
          class: `step${done ? ' step-done' : ''}${current ? ' step-current' : ''}`,
          'aria-current': current ? 'step' : undefined,
        },
        el('span', { class: 'step-marker', 'aria-hidden': 'true' }, done ? '✓' : ''),
        step.label,
        done && !current ? el('span', { class: 'visually-hidden' }, ' (done)') : null,
      );
    }),
  );
}

function linesTable(order) {
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'table', 'data-testid': 'order-lines' },
      el('caption', { class: 'visually-hidden' }, `Books in order ${order.id}`),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'Book'),
          el('th', { scope: 'col', class: 'num' }, 'Price'),
          el('th', { scope: 'col', class: 'num' }, 'Qty'),
          el('th', { scope: 'col', class: 'num' }, 'Total'),
        ),
      ),
      el(
        'tbody',
        {},
        order.lines.map((line) =>
          el(
            'tr',
            { 'data-testid': 'order-line', dataset: { bookId: String(line.bookId) } },
            el('th', { scope: 'row' }, el('a', { href: `/books/${line.bookId}` }, line.title)),
            el('td', { class: 'num' }, formatMoney(line.unitPriceCents, order.currency)),
            el('td', { class: 'num', 'data-testid': 'order-line-quantity' }, String(line.quantity)),
            el('td', { class: 'num' }, formatMoney(line.lineTotalCents, order.currency)),
          ),
        ),
      ),
      el(
        'tfoot',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'row', colspan: '3' }, 'Subtotal'),
          el(
            'td',
            { class: 'num', 'data-testid': 'order-subtotal' },
            formatMoney(order.subtotalCents, order.currency),
          ),
        ),
        el(
          'tr',
          {},
          el(
            'th',
            { scope: 'row', colspan: '3' },
            order.delivery ? `Delivery (${order.delivery.providerName})` : 'Delivery',
          ),
          el(
            'td',
            { class: 'num', 'data-testid': 'order-delivery-cost' },
            formatMoney(order.deliveryCostCents, order.currency),
          ),
        ),
        el(
          'tr',
          {},
          el('th', { scope: 'row', colspan: '3' }, 'Order total'),
          el(
            'td',
            { class: 'num total', 'data-testid': 'order-total' },
            formatMoney(order.totalCents, order.currency),
          ),
        ),
      ),
    ),
  );
}

function paymentSummary(payment) {
  if (!payment) {
    return null;
  }
  return el(
    'p',
    { class: 'muted', 'data-testid': 'payment-summary' },
    `Paid ${formatMoney(payment.amountCents, payment.currency)} by ${paymentMethodLabel(payment.method)} on ${formatDateTime(payment.createdAt)} · `,
    el(
      'span',
      { 'data-testid': 'payment-status', dataset: { status: payment.status } },
      paymentStatusLabel(payment.status),
    ),
  );
}

function shippingSummary(address) {
  if (!address) {
    return null;
  }
  const lines = addressLines(address);
  return el(
    'section',
    { 'aria-labelledby': 'ship-to-heading' },
    el('h2', { id: 'ship-to-heading', class: 'h3' }, 'Ships to'),
    el(
      'address',
      { 'data-testid': 'shipping-address' },
      lines.flatMap((line, index) => (index === 0 ? [line] : [el('br'), line])),
    ),
  );
}

function panel(title, ...content) {
  return el(
    'section',
    {
      class: 'card panel-action',
      'aria-labelledby': 'order-panel-heading',
      'data-testid': 'order-panel',
    },
    el('h2', { id: 'order-panel-heading', class: 'h3', tabindex: '-1' }, title),
    ...content,
  );
}

function cancelControls(order, view) {
  const area = el('div', { class: 'cancel-area' });
  const start = el('button', { type: 'button', class: 'button button-link' }, 'Cancel order');
  start.addEventListener('click', () => {
    const yes = el(
      'button',
      { type: 'button', class: 'button button-danger button-small' },
      'Yes, cancel order',
    );
    const no = el(
      'button',
      { type: 'button', class: 'button button-secondary button-small' },
      'Keep order',
    );
    replaceContent(
      area,
      el(
        'div',
        { class: 'confirm', 'data-testid': 'confirm-cancel' },
        el('p', {}, 'Cancel this order? The reserved copies go back on sale.'),
        el('div', { class: 'button-row' }, no, yes),
      ),
    );
    yes.focus();
    no.addEventListener('click', () => {
      replaceContent(area, start);
      start.focus();
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const answer = await apiRequest('POST', `/api/v1/orders/${order.id}/cancel`);
        view.show(answer.order, 'Your order was cancelled.');
      } catch (error) {
        showPageAlert(`Could not cancel the order: ${describeError(error)}`);
        await view.reload().catch(() => undefined);
      }
    });
  });
  area.append(start);
  return area;
}

function paymentPanel(order, view) {
  const form = el(
    'form',
    { novalidate: true, 'data-testid': 'payment-form', 'aria-label': 'Payment' },
    formAlert(),
    radioGroup({
      name: 'method',
      legend: 'Payment method',
      required: true,
      options: PAYMENT_METHODS.map((method) => ({ ...method, testid: 'payment-option' })),
    }),
    checkboxField({
      name: 'simulate',
      label: 'Test mode: make the payment provider decline this payment (nothing is charged)',
    }),
    el(
      'button',
      { type: 'submit', class: 'button button-large button-block' },
      `Pay ${formatMoney(order.totalCents, order.currency)}`,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = missingRequiredFields(form);
    if (missing.length) {
      showFormErrors(form, { summary: 'Choose how you want to pay.', errors: missing });
      return;
    }
    setFormBusy(form, true);
    try {
      const answer = await apiRequest('POST', `/api/v1/orders/${order.id}/payment`, {
        body: {
          method: form.elements.method.value,
          ...(form.elements.simulate.checked ? { simulate: 'decline' } : {}),
        },
      });
      view.show(answer.order, 'Payment received. Your delivery is booked.');
    } catch (error) {
      setFormBusy(form, false);
      showFormErrors(form, error);
      // A decline leaves the order payable; any other refusal may mean it expired meanwhile.
      if (error instanceof ApiError && error.status === 409) {
        await view.reloadIfChanged(order.status, describeError(error));
      }
    }
  });
  return panel(
    'Pay for your order',
    el(
      'p',
      { class: 'muted', 'data-testid': 'order-expires' },
      `Your copies are reserved until ${formatDateTime(order.expiresAt)}.`,
    ),
    form,
    cancelControls(order, view),
  );
}

function confirmationPanel(order) {
  const delivery = order.delivery;
  return panel(
    'Thank you! Your order is on its way',
    el(
      'dl',
      { class: 'details' },
      el('dt', {}, 'Delivery by'),
      el('dd', { 'data-testid': 'delivery-provider' }, delivery?.providerName ?? '—'),
      el('dt', {}, 'Tracking number'),
      el(
        'dd',
        {},
        el(
          'strong',
          { class: 'tracking', 'data-testid': 'tracking-number' },
          delivery?.trackingNumber ?? '—',
        ),
      ),
      el('dt', {}, 'Delivery cost'),
      el(
        'dd',
        { 'data-testid': 'delivery-cost' },
        delivery ? formatMoney(delivery.costCents, order.currency) : '—',
      ),
    ),
    el('a', { href: '/books', class: 'button button-secondary' }, 'Continue shopping'),
  );
}

function closedPanel(order) {
  const text =
    order.status === 'cancelled'
      ? 'This order was cancelled. The reserved copies went back on sale.'
      : 'This order expired before it was paid. The reserved copies went back on sale.';
  return panel(
    orderStatusLabel(order.status),
    el('p', {}, text),
    el('a', { href: '/books', class: 'button button-secondary' }, 'Back to the catalog'),
  );
}

function actionPanel(order, view) {
  switch (order.status) {
    case 'pending_payment':
      return paymentPanel(order, view);
    case 'paid':
    case 'delivery_assigned':
      return confirmationPanel(order);
    default:
      return closedPanel(order);
  }
}

function orderView(order, view) {
  return el(
    'article',
    {
      class: 'order',
      'data-testid': 'order',
      dataset: { orderId: String(order.id), status: order.status },
    },
    el(
      'div',
      { class: 'page-header' },
      pageHeading(`Order #${order.id}`, { 'data-testid': 'order-heading' }),
      statusBadge(order.status),
    ),
    el('p', { class: 'muted' }, `Placed ${formatDateTime(order.createdAt)}`),
    checkoutSteps(order.status),
    el(
      'div',
      { class: 'order-layout' },
      el(
        'section',
        { 'aria-labelledby': 'order-items-heading' },
        el('h2', { id: 'order-items-heading', class: 'h3' }, 'Items'),
        linesTable(order),
        paymentSummary(order.payment),
        shippingSummary(order.shippingAddress),
      ),
      actionPanel(order, view),
    ),
  );
}

/** Renders /orders/:id. */
export async function orderPage({ outlet, params, signal }) {
  const breadcrumb = el(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    el('a', { href: '/orders' }, 'All orders'),
  );
  const container = el('div', {}, loadingNotice('Loading order…'));
  outlet.append(breadcrumb, container);
  const path = `/api/v1/orders/${encodeURIComponent(params.id)}`;

  const view = {
    // Shows an order returned by an action and moves focus to the next step.
    show(order, message) {
      replaceContent(container, orderView(order, view));
      showPageStatus(message);
      container.querySelector('#order-panel-heading')?.focus();
    },
    async reload() {
      const { order } = await apiRequest('GET', path, { signal });
      replaceContent(container, orderView(order, view));
    },
    async reloadIfChanged(previousStatus, message) {
      try {
        const { order } = await apiRequest('GET', path, { signal });
        if (order.status !== previousStatus) {
          replaceContent(container, orderView(order, view));
          showPageAlert(message);
        }
      } catch {
        // The form already shows the error; the page stays as it is.
      }
    },
  };

  try {
    const { order } = await apiRequest('GET', path, { signal });
    replaceContent(container, orderView(order, view));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      replaceContent(
        container,
        pageHeading('Order not found'),
        el(
          'p',
          { 'data-testid': 'not-found' },
          'There is no such order in your account. ',
          el('a', { href: '/orders' }, 'See my orders'),
        ),
      );
      return;
    }
    replaceContent(container, pageHeading('Order'));
    showLoadError(null, error);
  }
}
