// Book detail: everything about one book, and "Add to cart" with a quantity.
import { ApiError, apiRequest } from './api-client.js';
import { bookCover, stockText } from './book-card.js';
import { addToCart, quantityInCart } from './cart.js';
import { conditionLabel, formatDate } from './display-format.js';
import { el } from './element-builder.js';
import { formAlert, setFieldError, clearFormErrors, textField } from './form-fields.js';
import { formatMoney } from './money.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError, showPageStatus } from './page-notices.js';
import { currentUser } from './session.js';

function detailRow(term, ...description) {
  return [el('dt', {}, term), el('dd', {}, ...description)];
}

function addToCartForm(book) {
  const quantityField = textField({
    name: 'quantity',
    label: 'Quantity',
    type: 'number',
    value: '1',
    min: 1,
    max: book.stock,
    step: 1,
    size: 'short',
    required: true,
  });
  const feedback = el('p', { class: 'inline-status', 'data-testid': 'add-to-cart-status' });
  const form = el(
    'form',
    { class: 'add-to-cart', novalidate: true, 'aria-label': 'Add to cart' },
    formAlert(),
    el(
      'div',
      { class: 'add-to-cart-row' },
      quantityField,
      el('button', { type: 'submit', class: 'button button-large' }, 'Add to cart'),
    ),
    feedback,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearFormErrors(form);
    feedback.replaceChildren();
    const text = form.elements.quantity.value.trim();
    const quantity = /^\d+$/.test(text) ? Number.parseInt(text, 10) : NaN;
    if (!Number.isInteger(quantity) || quantity < 1) {
      setFieldError(form, 'quantity', 'Enter a whole number of copies, 1 or more.');
      form.elements.quantity.focus();
      return;
    }
    if (quantity > book.stock) {
      setFieldError(form, 'quantity', `Only ${book.stock} available.`);
      form.elements.quantity.focus();
      return;
    }
    const result = addToCart(book, quantity);
    if (!result.ok) {
      setFieldError(form, 'quantity', result.message);
      return;
    }
    showPageStatus(result.message);
    feedback.append(
      `${quantityInCart(book.id)} in your cart. `,
      el('a', { href: '/cart' }, 'View cart'),
    );
  });
  return form;
}

function purchasePanel(book) {
  const user = currentUser();
  if (user && user.id === book.sellerId) {
    return el(
      'div',
      { class: 'panel', 'data-testid': 'own-listing' },
      el('p', {}, 'This is your listing.'),
      el(
        'a',
        { href: `/my-books/${book.id}/edit`, class: 'button button-secondary' },
        'Edit this book',
      ),
    );
  }
  if (book.stock <= 0) {
    return el('p', { class: 'panel muted', 'data-testid': 'sold-out' }, 'This book is sold out.');
  }
  return addToCartForm(book);
}

function bookDetail(book) {
  const details = el(
    'dl',
    { class: 'details' },
    detailRow(
      'Condition',
      el('span', { 'data-testid': 'book-condition' }, conditionLabel(book.condition)),
    ),
    book.category
      ? detailRow(
          'Category',
          el(
            'a',
            {
              href: `/books?${new URLSearchParams({ category: book.category })}`,
              'data-testid': 'book-category',
            },
            book.category,
          ),
        )
      : null,
    book.isbn ? detailRow('ISBN', el('span', { 'data-testid': 'book-isbn' }, book.isbn)) : null,
    detailRow(
      'Seller',
      el(
        'a',
        { href: `/books?${new URLSearchParams({ sellerId: String(book.sellerId) })}` },
        book.sellerName,
      ),
    ),
    detailRow('Listed', formatDate(book.createdAt)),
  );
  return el(
    'article',
    { class: 'book-detail', 'data-testid': 'book-detail', dataset: { bookId: String(book.id) } },
    bookCover(book, { large: true }),
    el(
      'div',
      { class: 'book-detail-body' },
      pageHeading(book.title, { 'data-testid': 'book-title' }),
      el(
        'p',
        { class: 'book-detail-author' },
        'by ',
        el('a', { href: `/books?${new URLSearchParams({ author: book.author })}` }, book.author),
      ),
      el(
        'p',
        { class: 'price price-large', 'data-testid': 'book-detail-price' },
        formatMoney(book.priceCents, book.currency),
      ),
      el(
        'p',
        {
          class: book.stock > 0 ? 'stock' : 'stock stock-out',
          'data-testid': 'book-stock',
          dataset: { stock: String(book.stock) },
        },
        stockText(book.stock),
      ),
      purchasePanel(book),
      el('h2', { class: 'h3' }, 'About this book'),
      el('p', { class: 'description', 'data-testid': 'book-description' }, book.description),
      details,
    ),
  );
}

/** Renders the book detail page for /books/:id. */
export async function bookPage({ outlet, params, signal }) {
  const breadcrumb = el(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    el('a', { href: '/books' }, 'All books'),
  );
  const loading = loadingNotice('Loading book…');
  outlet.append(breadcrumb, loading);
  try {
    const { book } = await apiRequest('GET', `/api/v1/books/${encodeURIComponent(params.id)}`, {
      signal,
      auth: false,
    });
    loading.replaceWith(bookDetail(book));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      loading.replaceWith(
        pageHeading('Book not found'),
        el(
          'p',
          { 'data-testid': 'not-found' },
          'This book does not exist or is no longer for sale. ',
          el('a', { href: '/books' }, 'Back to the catalog'),
        ),
      );
      return;
    }
    loading.replaceWith(pageHeading('Book'));
    showLoadError(null, error);
  }
}
