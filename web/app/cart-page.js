// The cart: change quantities, remove lines, give the shipping address, choose a delivery provider
// that serves it, and check out. Checkout creates the order on the server (which reserves stock and
// computes the total, delivery included) and continues on the order's page to pay.
import { ApiError, apiRequest } from './api-client.js';
import { bookCover } from './book-card.js';
import {
  cartItems,
  clearCart,
  MAX_CART_LINES,
  refreshCartBook,
  removeFromCart,
  setCartQuantity,
} from './cart.js';
import { el, replaceContent } from './element-builder.js';
import {
  clearFormErrors,
  formAlert,
  missingRequiredFields,
  setFieldError,
  setFormBusy,
  showFormErrors,
} from './form-fields.js';
import { checkoutKeyFor, settleCheckoutKey } from './idempotency-key.js';
import { formatMoney } from './money.js';
import { pageHeading } from './page-heading.js';
import { flashAfterNavigation, showPageStatus } from './page-notices.js';
import { navigate } from './router.js';
import { currentUser } from './session.js';
import {
  countryProblems,
  deliveryChoice,
  shippingAddressFields,
  shippingAddressOf,
} from './shipping-form.js';

// Books that were deleted since they were added (found when the cart page refreshes them).
const unavailableBooks = new Set();

function parseQuantity(text) {
  return /^\d+$/.test(text.trim()) ? Number.parseInt(text, 10) : NaN;
}

function subtotalCents(items) {
  return items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
}

function lineRow(item, index, onRemove, onQuantity) {
  const inputId = `cart-qty-${item.bookId}`;
  const errorId = `${inputId}-error`;
  const input = el('input', {
    id: inputId,
    name: `items.${index}.quantity`,
    type: 'number',
    class: 'input input-short',
    min: 1,
    max: item.stock > 0 ? item.stock : undefined,
    step: 1,
    value: String(item.quantity),
    'aria-describedby': errorId,
  });
  const lineTotal = el(
    'span',
    { class: 'price', 'data-testid': 'cart-line-total' },
    formatMoney(item.priceCents * item.quantity, item.currency),
  );
  input.addEventListener('change', () => onQuantity(item, input, lineTotal));
  const row = el(
    'li',
    { class: 'cart-line', 'data-testid': 'cart-line', dataset: { bookId: String(item.bookId) } },
    el(
      'div',
      { class: 'cart-line-cover' },
      bookCover({
        id: item.bookId,
        title: item.title,
        author: item.author ?? '',
        thumbnailUrl: item.thumbnailUrl,
      }),
    ),
    el(
      'div',
      { class: 'cart-line-main' },
      el('h2', { class: 'list-row-title' }, el('a', { href: `/books/${item.bookId}` }, item.title)),
      el(
        'p',
        { class: 'muted' },
        `by ${item.author ?? 'unknown'} · ${formatMoney(item.priceCents, item.currency)} each`,
      ),
    ),
    el(
      'div',
      { class: 'field cart-line-quantity' },
      el(
        'label',
        { for: inputId },
        'Quantity',
        el('span', { class: 'visually-hidden' }, ` of ${item.title}`),
      ),
      input,
      el('p', {
        class: 'field-error',
        id: errorId,
        hidden: true,
        'data-testid': 'field-error',
        dataset: { field: input.name },
      }),
    ),
    lineTotal,
    el(
      'button',
      {
        type: 'button',
        class: 'button button-secondary button-small',
        'aria-label': `Remove: ${item.title}`,
        onClick: () => onRemove(item),
      },
      'Remove',
    ),
  );
  return row;
}

function checkoutActions() {
  if (currentUser()) {
    return el(
      'button',
      { type: 'submit', class: 'button button-large button-block' },
      'Place order',
    );
  }
  return el(
    'a',
    {
      href: `/login?${new URLSearchParams({ next: '/cart' })}`,
      class: 'button button-large button-block',
    },
    'Sign in to check out',
  );
}

// Flags lines whose stored data no longer holds: deleted books, more copies than in stock.
function markStaleLines(form, items) {
  items.forEach((item, index) => {
    const path = `items.${index}.quantity`;
    if (unavailableBooks.has(item.bookId)) {
      setFieldError(form, path, 'This book is no longer for sale. Remove it to check out.');
    } else if (Number.isInteger(item.stock) && item.quantity > item.stock) {
      setFieldError(
        form,
        path,
        item.stock > 0 ? `Only ${item.stock} available.` : 'This book is now out of stock.',
      );
    }
  });
}

function renderCart(container) {
  const items = cartItems();
  if (items.length === 0) {
    replaceContent(
      container,
      el(
        'div',
        { class: 'empty-state', 'data-testid': 'cart-empty' },
        el('p', {}, 'Your cart is empty.'),
        el('a', { href: '/books', class: 'button' }, 'Browse the catalog'),
      ),
    );
    return;
  }
  const currency = items[0].currency ?? 'USD';
  const subtotal = el(
    'span',
    { class: 'price price-large', 'data-testid': 'cart-subtotal' },
    formatMoney(subtotalCents(items), currency),
  );
  const form = el('form', { class: 'cart-layout', novalidate: true, 'aria-label': 'Cart' });
  const deliveryCost = el('span', { 'data-testid': 'cart-delivery' }, 'Choose below');
  const total = el(
    'span',
    { class: 'price price-large', 'data-testid': 'cart-total' },
    formatMoney(subtotalCents(items), currency),
  );
  let provider = null;
  const updateTotals = () => {
    const books = subtotalCents(cartItems());
    subtotal.textContent = formatMoney(books, currency);
    deliveryCost.textContent = provider
      ? `${provider.name} · ${formatMoney(provider.costCents, currency)}`
      : 'Choose below';
    total.textContent = formatMoney(books + (provider?.costCents ?? 0), currency);
  };
  const delivery = deliveryChoice(form, (choice) => {
    provider = choice;
    updateTotals();
  });

  const onRemove = (item) => {
    removeFromCart(item.bookId);
    showPageStatus(`Removed “${item.title}” from your cart.`);
    renderCart(container);
    container.querySelector('input, a.button')?.focus();
  };
  const onQuantity = (item, input, lineTotal) => {
    const quantity = parseQuantity(input.value);
    clearFormErrors(form);
    if (!Number.isInteger(quantity) || quantity < 1) {
      setFieldError(
        form,
        input.name,
        'Enter a whole number, 1 or more. Use Remove to take the book out.',
      );
      return;
    }
    setCartQuantity(item.bookId, quantity);
    const stored = cartItems().find((line) => line.bookId === item.bookId);
    if (stored && stored.quantity !== quantity) {
      input.value = String(stored.quantity);
      setFieldError(form, input.name, `Only ${stored.quantity} available.`);
    }
    lineTotal.textContent = formatMoney(
      item.priceCents * (stored?.quantity ?? quantity),
      item.currency,
    );
    updateTotals();
  };

  form.append(
    el(
      'div',
      { class: 'cart-lines' },
      formAlert(),
      el(
        'ul',
        { class: 'list', 'data-testid': 'cart-lines' },
        items.map((item, index) => lineRow(item, index, onRemove, onQuantity)),
      ),
      currentUser() ? shippingAddressFields() : null,
      currentUser() ? delivery : null,
    ),
    el(
      'aside',
      { class: 'card summary', 'aria-labelledby': 'cart-summary-heading' },
      el('h2', { id: 'cart-summary-heading', class: 'h3' }, 'Summary'),
      el('p', { class: 'summary-row' }, el('span', {}, 'Subtotal'), subtotal),
      el('p', { class: 'summary-row' }, el('span', {}, 'Delivery'), deliveryCost),
      el('p', { class: 'summary-row' }, el('span', {}, 'Total'), total),
      el(
        'p',
        { class: 'muted small' },
        'Prices are confirmed when you place the order. Your copies are then reserved while you pay the total.',
      ),
      checkoutActions(),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void checkout(form);
  });
  replaceContent(container, form);
  markStaleLines(form, items);
}

async function checkout(form) {
  const items = cartItems().map(({ bookId, quantity }) => ({ bookId, quantity }));
  if (items.length > MAX_CART_LINES) {
    showFormErrors(form, {
      summary: `An order can hold at most ${MAX_CART_LINES} different books.`,
    });
    return;
  }
  const missing = [...missingRequiredFields(form), ...countryProblems(form)];
  if (missing.length) {
    showFormErrors(form, {
      summary: 'Fill in the shipping address and choose a delivery provider.',
      errors: missing,
    });
    return;
  }
  const body = {
    items,
    shippingAddress: shippingAddressOf(form),
    deliveryProviderId: Number(form.elements.deliveryProviderId.value),
  };
  const key = checkoutKeyFor(body);
  setFormBusy(form, true);
  try {
    const { order } = await apiRequest('POST', '/api/v1/orders', {
      body,
      headers: { 'Idempotency-Key': key },
    });
    settleCheckoutKey();
    clearCart();
    flashAfterNavigation(`Order #${order.id} placed. Your copies are reserved until you pay.`);
    await navigate(`/orders/${order.id}`);
  } catch (error) {
    // Keep the key only when no answer came back (network, 5xx): a retry must not order twice.
    if (error instanceof ApiError && error.status > 0 && error.status < 500) {
      settleCheckoutKey();
    }
    setFormBusy(form, false);
    showFormErrors(form, await withCopiesLeft(form, error));
  }
}

const QUANTITY_PATH = /^items\.(\d+)\.quantity$/;

/**
 * A refusal for stock names the cart lines it could not serve but not how many copies are left, and
 * the cart's own count may be older than the refusal: fetch those books again and say how many a
 * person can still order.
 */
async function withCopiesLeft(form, error) {
  if (!(error instanceof ApiError) || error.status !== 409) {
    return error;
  }
  const items = cartItems();
  const errors = await Promise.all(
    error.errors.map(async (fieldError) => {
      const item = items[Number(QUANTITY_PATH.exec(fieldError.path)?.[1] ?? Number.NaN)];
      if (!item) {
        return fieldError;
      }
      try {
        const { book } = await apiRequest('GET', `/api/v1/books/${item.bookId}`, {
          auth: false,
          fresh: true,
        });
        refreshCartBook(book);
        const input = form.querySelector(`[name="${fieldError.path}"]`);
        if (input && book.stock > 0) {
          input.max = String(book.stock);
        }
        return {
          path: fieldError.path,
          message:
            book.stock > 0
              ? `Only ${book.stock} left in stock. Lower the quantity to check out.`
              : 'This book is now out of stock. Remove it to check out.',
        };
      } catch {
        return fieldError;
      }
    }),
  );
  return new ApiError({ ...error, errors });
}

/** Renders the cart page; refreshes each book's price and stock from the catalog first. */
export async function cartPage({ outlet, signal }) {
  const container = el('div', { 'data-testid': 'cart' });
  outlet.append(pageHeading('Your cart'), container);
  renderCart(container);
  const items = cartItems();
  if (items.length === 0) {
    return;
  }
  const answers = await Promise.allSettled(
    items.map((item) =>
      apiRequest('GET', `/api/v1/books/${item.bookId}`, { signal, auth: false, fresh: true }),
    ),
  );
  if (signal.aborted) {
    return;
  }
  answers.forEach((answer, index) => {
    const { bookId } = items[index];
    if (answer.status === 'fulfilled') {
      unavailableBooks.delete(bookId);
      refreshCartBook(answer.value.book);
    } else if (answer.reason instanceof ApiError && answer.reason.status === 404) {
      unavailableBooks.add(bookId);
    }
  });
  // Re-render with fresh prices unless the person is already typing in a quantity box.
  if (!container.contains(document.activeElement)) {
    renderCart(container);
  }
}
