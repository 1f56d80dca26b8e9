// The shopping cart, kept in localStorage so it survives reloads and is shared by open tabs.
// It stores a snapshot of each book for display only: the server prices the order at checkout.

const STORAGE_KEY = 'bookstore.cart.v1';
/** The API accepts 1–20 distinct books per order. */
export const MAX_CART_LINES = 20;
// The most copies of one book an order may hold (the API refuses more).
const MAX_QUANTITY = 10;

const listeners = new Set();
let items = load();

function isValidItem(item) {
  return (
    item !== null &&
    typeof item === 'object' &&
    Number.isInteger(item.bookId) &&
    Number.isInteger(item.quantity) &&
    item.quantity > 0 &&
    typeof item.title === 'string' &&
    Number.isInteger(item.priceCents)
  );
}

function load() {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isValidItem) : [];
  } catch {
    return [];
  }
}

function save() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
  } catch {
    // Storage full or disabled (private mode): the cart still works until the page is closed.
  }
  notify();
}

function notify() {
  for (const listener of listeners) {
    listener(items);
  }
}

window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) {
    items = load();
    notify();
  }
});

function maxFor(item) {
  return Number.isInteger(item.stock) ? Math.min(item.stock, MAX_QUANTITY) : MAX_QUANTITY;
}

function snapshot(book, quantity) {
  return {
    bookId: book.id,
    quantity,
    title: book.title,
    author: book.author,
    priceCents: book.priceCents,
    currency: book.currency,
    stock: book.stock,
    sellerId: book.sellerId,
    thumbnailUrl: book.thumbnailUrl ?? null,
  };
}

/** The cart's lines, in the order they were added. */
export function cartItems() {
  return items.map((item) => ({ ...item }));
}

/** How many copies are in the cart in total. */
export function cartCount() {
  return items.reduce((sum, item) => sum + item.quantity, 0);
}

/** How many copies of one book are in the cart. */
export function quantityInCart(bookId) {
  return items.find((item) => item.bookId === bookId)?.quantity ?? 0;
}

/**
 * Adds copies of a book (capped at its stock). Returns { ok, message } so the caller can say what
 * happened; ok is false when nothing could be added.
 */
export function addToCart(book, quantity = 1) {
  const existing = items.find((item) => item.bookId === book.id);
  if (!existing && items.length >= MAX_CART_LINES) {
    return {
      ok: false,
      message: `Your cart already holds ${MAX_CART_LINES} different books, the most one order can take.`,
    };
  }
  const line = existing ?? snapshot(book, 0);
  const before = line.quantity;
  Object.assign(line, snapshot(book, before));
  const wanted = before + quantity;
  const allowed = Math.min(wanted, maxFor(line));
  if (allowed <= before) {
    return {
      ok: false,
      message:
        before > 0
          ? `You already have all ${before} available copies in your cart.`
          : 'This book is out of stock.',
    };
  }
  line.quantity = allowed;
  if (!existing) {
    items.push(line);
  }
  save();
  const added = allowed - before;
  const capped = allowed < wanted ? ` Only ${maxFor(line)} available.` : '';
  return {
    ok: true,
    message: `Added ${added} × “${book.title}” to your cart.${capped}`,
  };
}

/** Sets the quantity of a line (1 or more; use removeFromCart to take it out). */
export function setCartQuantity(bookId, quantity) {
  const line = items.find((item) => item.bookId === bookId);
  if (!line || !Number.isInteger(quantity) || quantity < 1) {
    return;
  }
  line.quantity = Math.max(1, Math.min(quantity, maxFor(line)));
  save();
}

/** Replaces the stored snapshot of a book with fresh data from the catalog. */
export function refreshCartBook(book) {
  const line = items.find((item) => item.bookId === book.id);
  if (line) {
    Object.assign(line, snapshot(book, line.quantity));
    save();
  }
}

/** Takes a book out of the cart. */
export function removeFromCart(bookId) {
  items = items.filter((item) => item.bookId !== bookId);
  save();
}

/** Empties the cart (after an order was placed). */
export function clearCart() {
  items = [];
  save();
}

/** Calls `listener(items)` whenever the cart changes; returns an unsubscribe function. */
export function onCartChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
