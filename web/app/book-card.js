// A book in a grid (home, catalog) and its cover: the seller's picture, or a tile drawn from the
// title and author when the book has none (or the picture fails to load).
import { addToCart } from './cart.js';
import { conditionLabel } from './display-format.js';
import { el } from './element-builder.js';
import { formatMoney } from './money.js';
import { showPageAlert, showPageStatus } from './page-notices.js';
import { currentUser } from './session.js';

const COVER_HUES = [204, 160, 24, 280, 340, 45, 120, 230];

// The pixel sizes the API renders (thumbnailUrl, coverUrl): set on the <img> so nothing jumps.
const THUMBNAIL_SIZE = { width: 200, height: 300 };
const LARGE_SIZE = { width: 600, height: 900 };

function coverHue(book) {
  return String(COVER_HUES[Math.abs(Number(book.id) || 0) % COVER_HUES.length]);
}

/** A decorative cover drawn from the title and author (hidden from screen readers). */
function drawnCover(book, large) {
  const cover = el(
    'div',
    {
      class: large ? 'cover cover-large' : 'cover',
      'aria-hidden': 'true',
      'data-testid': 'drawn-cover',
    },
    el('span', { class: 'cover-title' }, book.title),
    el('span', { class: 'cover-author' }, book.author),
  );
  cover.style.setProperty('--cover-hue', coverHue(book));
  return cover;
}

/**
 * A book's cover: the thumbnail in lists, the large picture with `large`, loaded lazily at its
 * real size; the drawn tile when there is no picture or it cannot be loaded.
 */
export function bookCover(book, { large = false } = {}) {
  const url = large ? book.coverUrl : book.thumbnailUrl;
  if (!url) {
    return drawnCover(book, large);
  }
  const image = el('img', {
    src: url,
    alt: `Cover of ${book.title}`,
    ...(large ? LARGE_SIZE : THUMBNAIL_SIZE),
    loading: 'lazy',
    decoding: 'async',
    'data-testid': 'cover-image',
  });
  const frame = el(
    'div',
    { class: large ? 'cover cover-large cover-photo' : 'cover cover-photo' },
    image,
  );
  frame.style.setProperty('--cover-hue', coverHue(book));
  image.addEventListener('error', () => frame.replaceWith(drawnCover(book, large)), { once: true });
  return frame;
}

/** "3 in stock", "Only 1 left" or "Out of stock". */
export function stockText(stock) {
  if (stock <= 0) {
    return 'Out of stock';
  }
  return stock <= 2 ? `Only ${stock} left` : `${stock} in stock`;
}

/** Adds one copy of a book to the cart and says what happened. */
export function addOneToCart(book) {
  const result = addToCart(book, 1);
  if (result.ok) {
    showPageStatus(result.message);
  } else {
    showPageAlert(result.message);
  }
}

/** A book card: cover, linked title, author, condition, price, stock and an "Add to cart" button. */
export function bookCard(book, { headingLevel = 'h3' } = {}) {
  const ownBook = currentUser()?.id === book.sellerId;
  const soldOut = book.stock <= 0;
  return el(
    'article',
    { class: 'book-card', 'data-testid': 'book-card', dataset: { bookId: String(book.id) } },
    bookCover(book),
    el(
      'div',
      { class: 'book-card-body' },
      el(
        headingLevel,
        { class: 'book-card-title' },
        el('a', { href: `/books/${book.id}`, 'data-testid': 'book-link' }, book.title),
      ),
      el('p', { class: 'book-card-author' }, `by ${book.author}`),
      el(
        'p',
        { class: 'book-card-meta' },
        el(
          'span',
          {
            class: 'badge',
            'data-testid': 'book-card-condition',
            'data-condition': book.condition,
          },
          conditionLabel(book.condition),
        ),
        el(
          'span',
          { class: soldOut ? 'stock stock-out' : 'stock', 'data-testid': 'book-card-stock' },
          stockText(book.stock),
        ),
      ),
      el(
        'div',
        { class: 'book-card-footer' },
        el(
          'p',
          { class: 'price', 'data-testid': 'book-price' },
          formatMoney(book.priceCents, book.currency),
        ),
        ownBook
          ? el('span', { class: 'muted small' }, 'Your listing')
          : el(
              'button',
              {
                type: 'button',
                class: 'button button-small',
                disabled: soldOut,
                'aria-label': `Add to cart: ${book.title}`,
                onClick: () => addOneToCart(book),
              },
              'Add to cart',
            ),
      ),
    ),
  );
}

/** A grid of book cards (an empty-state message when there are none). */
export function bookGrid(books, { emptyText, headingLevel } = {}) {
  if (books.length === 0) {
    return el('p', { class: 'empty-state', 'data-testid': 'books-empty' }, emptyText);
  }
  return el(
    'ul',
    { class: 'book-grid', 'data-testid': 'book-grid' },
    books.map((book) => el('li', {}, bookCard(book, { headingLevel }))),
  );
}
