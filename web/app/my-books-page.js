// "My books": the signed-in seller's listings, with links to add and edit and an inline-confirmed
// delete (no window.confirm, so it works the same with a keyboard, a screen reader and a test).
import { apiRequest, describeError } from './api-client.js';
import { bookCover } from './book-card.js';
import { conditionLabel } from './display-format.js';
import { el } from './element-builder.js';
import { formatMoney } from './money.js';
import { pager, readCursor } from './pager.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { clearPageAlert, showLoadError, showPageAlert, showPageStatus } from './page-notices.js';

const PAGE_SIZE = 20;

function emptyState() {
  return el(
    'p',
    { class: 'empty-state', 'data-testid': 'my-books-empty' },
    'You have not listed any books yet. ',
    el('a', { href: '/my-books/new' }, 'List your first book'),
  );
}

function confirmDelete(row, book, actions) {
  const confirmButton = el(
    'button',
    { type: 'button', class: 'button button-danger button-small' },
    'Yes, delete',
  );
  const cancelButton = el(
    'button',
    { type: 'button', class: 'button button-secondary button-small' },
    'Cancel',
  );
  const prompt = el(
    'div',
    { class: 'confirm', 'data-testid': 'confirm-delete' },
    el('p', {}, `Delete “${book.title}”? It will disappear from the catalog.`),
    el('div', { class: 'button-row' }, cancelButton, confirmButton),
  );
  actions.hidden = true;
  row.append(prompt);
  confirmButton.focus();

  cancelButton.addEventListener('click', () => {
    prompt.remove();
    actions.hidden = false;
    actions.querySelector('[data-action="delete"]').focus();
  });
  confirmButton.addEventListener('click', async () => {
    confirmButton.disabled = true;
    cancelButton.disabled = true;
    clearPageAlert();
    try {
      await apiRequest('DELETE', `/api/v1/books/${book.id}`);
      const list = row.parentElement;
      row.remove();
      showPageStatus(`“${book.title}” was deleted.`);
      if (list && list.children.length === 0) {
        list.replaceWith(emptyState());
      }
      document.querySelector('h1')?.focus();
    } catch (error) {
      showPageAlert(`Could not delete “${book.title}”: ${describeError(error)}`);
      prompt.remove();
      actions.hidden = false;
    }
  });
}

function bookRow(book) {
  const row = el('li', {
    class: 'list-row',
    'data-testid': 'my-book-row',
    dataset: { bookId: String(book.id) },
  });
  const actions = el(
    'div',
    { class: 'list-row-actions button-row' },
    el(
      'a',
      {
        href: `/my-books/${book.id}/edit`,
        class: 'button button-secondary button-small',
        'aria-label': `Edit: ${book.title}`,
      },
      'Edit',
    ),
    el(
      'button',
      {
        type: 'button',
        class: 'button button-danger-outline button-small',
        'aria-label': `Delete: ${book.title}`,
        dataset: { action: 'delete' },
        onClick: () => confirmDelete(row, book, actions),
      },
      'Delete',
    ),
  );
  row.append(
    el('div', { class: 'row-thumbnail' }, bookCover(book)),
    el(
      'div',
      { class: 'list-row-main' },
      el('h2', { class: 'list-row-title' }, el('a', { href: `/books/${book.id}` }, book.title)),
      el('p', { class: 'muted' }, `by ${book.author} · ${conditionLabel(book.condition)}`),
    ),
    el(
      'div',
      { class: 'list-row-figures' },
      el(
        'span',
        { class: 'price', 'data-testid': 'my-book-price' },
        formatMoney(book.priceCents, book.currency),
      ),
      el(
        'span',
        { class: book.stock > 0 ? 'stock' : 'stock stock-out', 'data-testid': 'my-book-stock' },
        `${book.stock} in stock`,
      ),
    ),
    actions,
  );
  return row;
}

/** Renders the seller's list of books. */
export async function myBooksPage(context) {
  const { outlet, signal } = context;
  const { cursor } = readCursor(context);
  const loading = loadingNotice('Loading your books…');
  outlet.append(
    el(
      'div',
      { class: 'page-header' },
      pageHeading('My books'),
      el('a', { href: '/my-books/new', class: 'button', 'data-testid': 'add-book' }, 'List a book'),
    ),
    loading,
  );
  try {
    const { items, nextCursor } = await apiRequest('GET', '/api/v1/me/books', {
      query: { limit: PAGE_SIZE, cursor },
      signal,
    });
    loading.replaceWith(
      items.length
        ? el('ul', { class: 'list', 'data-testid': 'my-books' }, items.map(bookRow))
        : emptyState(),
    );
    const controls = pager(context, nextCursor);
    if (controls) {
      outlet.append(controls);
    }
  } catch (error) {
    showLoadError(loading, error);
  }
}
