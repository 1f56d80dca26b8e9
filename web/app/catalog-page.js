// Catalog: search, filters (author, category, condition, price range, in stock), sort and cursor
// pagination. The filters live in the URL (/books?q=…&condition=good&minPrice=12.50…) so a search
// can be bookmarked, reloaded or shared. On phones the filters fold behind a "Filters" button, so
// the first screen shows books.
import { ApiError, apiRequest } from './api-client.js';
import { bookGrid } from './book-card.js';
import { el } from './element-builder.js';
import { withCategoryOptions } from './category-options.js';
import { checkboxField, formAlert, selectField, showFormErrors, textField } from './form-fields.js';
import { disclosure } from './disclosure.js';
import { CONDITIONS } from './display-format.js';
import { parsePriceToCents } from './money.js';
import { pager, readCursor } from './pager.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError } from './page-notices.js';
import { navigate } from './router.js';

const PAGE_SIZE = 12;
/** The API's bound on the category filter (catalog-schemas.ts). */
const CATEGORY_MAX = 60;

const SORTS = [
  { value: 'relevance', label: 'Best match' },
  { value: 'newest', label: 'Newest first' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'title', label: 'Title (A–Z)' },
];

function readFilters(query) {
  return {
    q: query.get('q') ?? '',
    author: query.get('author') ?? '',
    category: (query.get('category') ?? '').trim(),
    // Only the conditions the API knows: anything else in a hand-typed URL is no filter at all.
    condition: CONDITIONS.some(({ value }) => value === query.get('condition'))
      ? query.get('condition')
      : '',
    minPrice: query.get('minPrice') ?? '',
    maxPrice: query.get('maxPrice') ?? '',
    inStock: query.get('inStock') === 'true',
    sort: sortOf(query.get('q') ?? '', query.get('sort')),
    sellerId: query.get('sellerId') ?? '',
  };
}

/**
 * The sort asked for, or the API's default: best match when searching, newest otherwise (the API
 * refuses best match without a search).
 */
function sortOf(q, asked) {
  const byDefault = q.trim() ? 'relevance' : 'newest';
  if (asked === 'relevance' && !q.trim()) return byDefault;
  return SORTS.some((sort) => sort.value === asked) ? asked : byDefault;
}

function hasControlCharacters(text) {
  return [...text].some((char) => char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127);
}

// Prices are typed in dollars; the API takes cents. Returns the errors of the filters the API would
// refuse: prices that do not parse, a category it does not accept.
function filterErrors(filters) {
  const errors = [];
  if (filters.category.length > CATEGORY_MAX || hasControlCharacters(filters.category)) {
    errors.push({
      path: 'category',
      message: `Enter a category of at most ${CATEGORY_MAX} characters, like poetry.`,
    });
  }
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
    category: filters.category,
    condition: filters.condition,
    sellerId: filters.sellerId,
    minPriceCents: filters.minPrice ? parsePriceToCents(filters.minPrice) : undefined,
    maxPriceCents: filters.maxPrice ? parsePriceToCents(filters.maxPrice) : undefined,
    inStock: filters.inStock ? 'true' : undefined,
    sort: filters.sort,
    limit: PAGE_SIZE,
    cursor,
  };
}

/** How many filters of the folding panel differ from their defaults (shown on the phone button). */
function activeFilterCount(filters) {
  const { author, category, condition, minPrice, maxPrice, inStock, sort } = filters;
  const sorted = sort !== sortOf(filters.q, null);
  return [author, category, condition, minPrice, maxPrice, inStock, sorted].filter(Boolean).length;
}

/**
 * The filter panel and the button that folds it on narrow screens (CSS shows the button only up to
 * 640 px; wider, the panel is always open). Returns them and the function that opens or folds it.
 */
function foldingPanel(panelContent, activeCount) {
  const panel = el(
    'div',
    { id: 'catalog-filters', class: 'filters-panel is-collapsed' },
    panelContent,
  );
  const toggle = el(
    'button',
    {
      type: 'button',
      class: 'button button-secondary filters-toggle',
      'aria-expanded': 'false',
      'aria-controls': panel.id,
      'data-testid': 'filters-toggle',
    },
    'Filters',
    activeCount
      ? el(
          'span',
          { class: 'filters-count' },
          ` ${activeCount}`,
          el('span', { class: 'visually-hidden' }, ' active'),
        )
      : null,
  );
  const setOpen = disclosure(toggle, panel, (open) =>
    panel.classList.toggle('is-collapsed', !open),
  );
  return { toggle, panel, setOpen };
}

/** The search form; `showErrors` shows the filters' errors, unfolding the panel on phones. */
function filterForm(filters) {
  const { toggle, panel, setOpen } = foldingPanel(
    [
      el(
        'div',
        { class: 'filters-grid' },
        textField({ name: 'author', label: 'Author', value: filters.author, markOptional: false }),
        withCategoryOptions(
          textField({
            name: 'category',
            label: 'Category',
            value: filters.category,
            maxlength: CATEGORY_MAX,
            markOptional: false,
          }),
          { withCounts: true },
        ),
        selectField({
          name: 'condition',
          label: 'Condition',
          options: [{ value: '', label: 'Any condition' }, ...CONDITIONS],
          value: filters.condition,
          markOptional: false,
        }),
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
        el('a', { href: '/books', class: 'button button-secondary' }, 'Clear filters'),
      ),
    ],
    activeFilterCount(filters),
  );
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
      el(
        'div',
        { class: 'button-row filters-search-buttons' },
        toggle,
        el('button', { type: 'submit', class: 'button' }, 'Search'),
      ),
    ),
    panel,
  );
  const showErrors = (problem) => {
    setOpen(true);
    showFormErrors(form, problem);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {
      q: String(data.get('q') ?? '').trim(),
      author: String(data.get('author') ?? '').trim(),
      category: String(data.get('category') ?? '').trim(),
      condition: String(data.get('condition') ?? ''),
      minPrice: String(data.get('minPrice') ?? '').trim(),
      maxPrice: String(data.get('maxPrice') ?? '').trim(),
      sort: sortOf(String(data.get('q') ?? ''), String(data.get('sort') ?? '')),
      sellerId: String(data.get('sellerId') ?? ''),
    };
    const errors = filterErrors(next);
    if (errors.length) {
      showErrors({ summary: 'Check the filters.', errors });
      return;
    }
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) {
      if (value && !(key === 'sort' && value === sortOf(next.q, null))) {
        params.set(key, value);
      }
    }
    if (data.get('inStock')) {
      params.set('inStock', 'true');
    }
    const search = params.toString();
    void navigate(search ? `/books?${search}` : '/books');
  });
  return { form, showErrors };
}

/** Renders the catalog page. */
export async function catalogPage(context) {
  const { outlet, query, signal } = context;
  const filters = readFilters(query);
  const { cursor } = readCursor(context);
  const { form, showErrors } = filterForm(filters);
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
  const errors = filterErrors(filters);
  if (errors.length) {
    showErrors({ summary: 'Check the filters.', errors });
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
      showErrors(error);
      return;
    }
    showLoadError(loading, error);
  }
}
