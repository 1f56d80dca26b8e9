// Add or edit one of my books. The price is typed in dollars and sent as exact integer cents;
// an edit sends only the fields that changed (PATCH is partial).
import { ApiError, apiRequest, describeError } from './api-client.js';
import { withCategoryOptions } from './category-options.js';
import { coverField } from './cover-field.js';
import { CONDITIONS } from './display-format.js';
import { el } from './element-builder.js';
import {
  formAlert,
  missingRequiredFields,
  selectField,
  setFormBusy,
  showFormErrors,
  textField,
} from './form-fields.js';
import { centsToPriceText, parsePriceToCents } from './money.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { flashAfterNavigation, showLoadError } from './page-notices.js';
import { navigate } from './router.js';
import { currentUser } from './session.js';

const EMPTY_BOOK = {
  title: '',
  author: '',
  description: '',
  isbn: null,
  condition: 'good',
  category: null,
  priceCents: null,
  stock: 1,
};

function bookForm(book, cover) {
  return el(
    'form',
    { class: 'card form-card book-form', novalidate: true, 'data-testid': 'book-form' },
    formAlert(),
    textField({ name: 'title', label: 'Title', value: book.title, required: true }),
    textField({ name: 'author', label: 'Author', value: book.author, required: true }),
    textField({
      name: 'description',
      label: 'Description',
      value: book.description,
      multiline: true,
      rows: 6,
      hint: 'Say what state the book is in: notes, highlights, wear.',
      required: true,
    }),
    el(
      'div',
      { class: 'form-grid' },
      selectField({
        name: 'condition',
        label: 'Condition',
        options: CONDITIONS,
        value: book.condition,
        required: true,
      }),
      withCategoryOptions(
        textField({ name: 'category', label: 'Category', value: book.category ?? '' }),
      ),
      textField({
        name: 'price',
        label: 'Price (USD)',
        value: book.priceCents === null ? '' : centsToPriceText(book.priceCents),
        inputmode: 'decimal',
        apiPath: 'priceCents',
        hint: 'For example 12.50',
        required: true,
      }),
      textField({
        name: 'stock',
        label: 'Copies in stock',
        type: 'number',
        value: String(book.stock),
        min: 0,
        step: 1,
        required: true,
      }),
    ),
    textField({
      name: 'isbn',
      label: 'ISBN',
      value: book.isbn ?? '',
      hint: 'ISBN-10 or ISBN-13, if the book has one.',
    }),
    cover,
    el(
      'div',
      { class: 'button-row' },
      el('a', { href: '/my-books', class: 'button button-secondary' }, 'Cancel'),
      el('button', { type: 'submit', class: 'button' }, book.id ? 'Save changes' : 'List book'),
    ),
  );
}

// Reads the form into the API's shape, or returns the client-side errors.
function readBook(form) {
  const errors = missingRequiredFields(form);
  const value = (name) => form.elements[name].value.trim();
  const priceCents = parsePriceToCents(value('price'));
  if (value('price') && priceCents === null) {
    errors.push({ path: 'priceCents', message: 'Enter a price in dollars, like 12.50.' });
  }
  const stockText = value('stock');
  if (stockText && !/^\d+$/.test(stockText)) {
    errors.push({ path: 'stock', message: 'Enter a whole number of copies, 0 or more.' });
  }
  const book = {
    title: value('title'),
    author: value('author'),
    description: value('description'),
    condition: form.elements.condition.value,
    category: value('category') || null,
    isbn: value('isbn') || null,
    priceCents,
    stock: Number.parseInt(stockText, 10),
  };
  return { book, errors };
}

function createBody(book) {
  const body = { ...book };
  // Optional fields are left out rather than sent as null when creating.
  for (const key of ['isbn', 'category']) {
    if (body[key] === null) {
      delete body[key];
    }
  }
  return body;
}

function changedFields(original, book) {
  const body = {};
  for (const [key, value] of Object.entries(book)) {
    if ((original[key] ?? null) !== value) {
      body[key] = value;
    }
  }
  return body;
}

// Sends the chosen cover after the book is saved; resolves with the error message or null.
async function uploadCover(bookId, file) {
  try {
    await apiRequest('PUT', `/api/v1/books/${bookId}/cover`, { body: file });
    return null;
  } catch (error) {
    return describeError(error);
  }
}

function attachSubmit(form, original, cover) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { book, errors } = readBook(form);
    const coverProblem = await cover.check();
    if (coverProblem) {
      errors.push({ path: 'cover', message: coverProblem });
    }
    const file = cover.chosenFile();
    if (errors.length) {
      showFormErrors(form, { summary: 'Check the highlighted fields.', errors });
      return;
    }
    const editing = Boolean(original.id);
    const body = editing ? changedFields(original, book) : createBody(book);
    if (editing && Object.keys(body).length === 0 && !file) {
      flashAfterNavigation('Nothing changed.');
      await navigate('/my-books');
      return;
    }
    setFormBusy(form, true);
    try {
      const answer =
        editing && Object.keys(body).length === 0
          ? { book: original }
          : editing
            ? await apiRequest('PATCH', `/api/v1/books/${original.id}`, { body })
            : await apiRequest('POST', '/api/v1/books', { body });
      const coverError = file ? await uploadCover(answer.book.id, file) : null;
      if (coverError && editing) {
        setFormBusy(form, false);
        showFormErrors(form, {
          summary: 'The cover was not saved.',
          errors: [{ path: 'cover', message: coverError }],
        });
        return;
      }
      if (coverError) {
        // The book is listed; its edit page lets the seller try another picture.
        flashAfterNavigation(
          `“${answer.book.title}” is listed, but its cover was refused: ${coverError}`,
        );
        await navigate(`/my-books/${answer.book.id}/edit`);
        return;
      }
      flashAfterNavigation(
        editing
          ? `Saved changes to “${answer.book.title}”.`
          : `“${answer.book.title}” is now listed.`,
      );
      await navigate('/my-books');
    } catch (error) {
      setFormBusy(form, false);
      showFormErrors(form, error);
    }
  });
}

/** Renders /my-books/new. */
export function newBookPage({ outlet }) {
  const cover = coverField(EMPTY_BOOK);
  const form = bookForm(EMPTY_BOOK, cover);
  attachSubmit(form, EMPTY_BOOK, cover);
  outlet.append(el('div', { class: 'narrow-wide' }, pageHeading('List a book'), form));
}

/** Renders /my-books/:id/edit. */
export async function editBookPage({ outlet, params, signal }) {
  const loading = loadingNotice('Loading book…');
  outlet.append(loading);
  let book;
  try {
    ({ book } = await apiRequest('GET', `/api/v1/books/${encodeURIComponent(params.id)}`, {
      signal,
      auth: false,
    }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      loading.replaceWith(
        pageHeading('Book not found'),
        el(
          'p',
          {},
          'This book no longer exists. ',
          el('a', { href: '/my-books' }, 'Back to my books'),
        ),
      );
      return;
    }
    loading.replaceWith(pageHeading('Edit book'));
    showLoadError(null, error);
    return;
  }
  if (book.sellerId !== currentUser()?.id) {
    loading.replaceWith(
      pageHeading('Not your book'),
      el(
        'p',
        {},
        'Only the seller can edit a book. ',
        el('a', { href: '/my-books' }, 'Back to my books'),
      ),
    );
    return;
  }
  const cover = coverField(book);
  const form = bookForm(book, cover);
  attachSubmit(form, book, cover);
  loading.replaceWith(
    el('div', { class: 'narrow-wide' }, pageHeading(`Edit “${book.title}”`), form),
  );
}
