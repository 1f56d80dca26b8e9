// Catalog: search, filters (author, price range, in stock), sort and cursor pagination. The filters
// live in the URL (/books?q=…&minPrice=12.50…) so a search can be bookmarked, reloaded or shared.
import { ApiError, apiRequest } from './api-client.js';
import { bookGrid } from './book-card.js';
import { el } from './element-builder.js';
import { checkboxField, formAlert, selectField, showFormErrors, textField } from './form-fields.js';
import { parsePriceToCents } from './money.js';
import { pager, readCursor } from './pager.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError } from './page-notices.js';
import { navigate } from './router.js';

const PAGE_SIZE = 12;

const SORTS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'title', label: 'Title (A–Z)' },
];

function readFilters(query) {
  return {
    q: query.get('q') ?? '',
    author: query.get('author') ?? '',
    minPrice: query.get('minPrice') ?? '',
    maxPrice: query.get('maxPrice') ?? '',
    inStock: query.get('inStock') === 'true',
    sort: SORTS.some((sort) => sort.value === query.get('sort')) ? query.get('sort') : 'newest',
    sellerId: query.get('sellerId') ?? '',
  };
}

// Prices are typed in dollars; the API takes cents. Returns the errors for prices that do not parse.
function priceErrors(filters) {
  const errors = [];
  for (const [name, apiPath] of [
    ['minPrice', 'minPriceCents'],
    ['maxPrice', 'maxPriceCents'],
  ]) {
    if (filters[name] && parsePriceToCents(filters[name]) === null) {
      errors.push({ path: apiPath, message: 'Enter a price in dollars, like 12.50.' });
    }
  }
  return errors;
}

function apiQuery(filters, cursor) {
  return {
    q: filters.q,
    author: filters.author,
    sellerId: filters.sellerId,
    minPriceCents: filters.minPrice ? parsePriceToCents(filters.minPrice) : undefined,
    maxPriceCents: filters.maxPrice ? parsePriceToCents(filters.maxPrice) : undefined,
    inStock: filters.inStock ? 'true' : undefined,
    sort: filters.sort,
    limit: PAGE_SIZE,
    cursor,
  };
}

function filterForm(filters) {
  const form = el(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Search the catalog', novalidate: true },
    formAlert(),
    el(
      'div',
      { class: 'filters-search' },
      textField({
        name: 'q',
        label: 'Search by title or author',
        type: 'search',
        value: filters.q,
      }),
    ),
    el(
      'div',
      { class: 'filters-grid' },
      textField({ name: 'author', label: 'Author', value: filters.author, markOptional: false }),
      textField({
        name: 'minPrice',
        label: 'Min price ($)',
        value: filters.minPrice,
        inputmode: 'decimal',
        apiPath: 'minPriceCents',
        markOptional: false,
      }),
      textField({
        name: 'maxPrice',
        label: 'Max price ($)',
        value: filters.maxPrice,
        inputmode: 'decimal',
        apiPath: 'maxPriceCents',
        markOptional: false,
      }),
      selectField({
        name: 'sort',
        label: 'Sort by',
        options: SORTS,
        value: filters.sort,
        required: true,
      }),
    ),
    el(
      'div',
      { class: 'filters-actions' },
      checkboxField({ name: 'inStock', label: 'In stock only', checked: filters.inStock }),
      filters.sellerId
        ? el('input', { type: 'hidden', name: 'sellerId', value: filters.sellerId })
        : null,
      el(
        'div',
        { class: 'button-row' },
        el('a', { href: '/books', class: 'button button-secondary' }, 'Clear filters'),
        el('button', { type: 'submit', class: 'button' }, 'Search'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {
      q: String(data.get('q') ?? '').trim(),
      author: String(data.get('author') ?? '').trim(),
      minPrice: String(data.get('minPrice') ?? '').trim(),
      maxPrice: String(data.get('maxPrice') ?? '').trim(),
      sort: String(data.get('sort') ?? 'newest'),
      sellerId: String(data.get('sellerId') ?? ''),
    };
    const errors = priceErrors(next);
    if (errors.length) {
      showFormErrors(form, { summary: 'Check the price filters.', errors });
      return;
    }
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) {
      if (value && !(key === 'sort' && value === 'newest')) {
        params.set(key, value);
      }
    }
    if (data.get('inStock')) {
      params.set('inStock', 'true');
    }
    const search = params.toString();
    void navigate(search ? `/books?${search}` : '/books');
  });
  return form;
}

/** Renders the catalog page. */
export async function catalogPage(context) {
  const { outlet, query, signal } = context;
  const filters = readFilters(query);
  const { cursor } = readCursor(context);
  const form = filterForm(filters);
  const results = el('section', { class: 'section', 'aria-labelledby': 'results-heading' });
  outlet.append(pageHeading('Catalog'), form, results);

  results.append(el('h2', { id: 'results-heading', class: 'visually-hidden' }, 'Results'));
  if (filters.sellerId) {
    results.append(
      el(
        'p',
        { class: 'filter-note', 'data-testid': 'seller-filter' },
        'Showing books from one seller. ',
        el('a', { href: '/books' }, 'Show all sellers'),
      ),
    );
  }
  const errors = priceErrors(filters);
  if (errors.length) {
    showFormErrors(form, { summary: 'Check the price filters.', errors });
    return;
  }
  const loading = loadingNotice('Loading books…');
  results.append(loading);
  try {
    const { items, nextCursor } = await apiRequest('GET', '/api/v1/books', {
      query: apiQuery(filters, cursor),
      signal,
      auth: false,
    });
    loading.replaceWith(
      bookGrid(items, { emptyText: 'No books match your search. Try fewer filters.' }),
    );
    const controls = pager(context, nextCursor);
    if (controls) {
      results.append(controls);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      loading.remove();
      showFormErrors(form, error);
      return;
    }
    showLoadError(loading, error);
  }
}
