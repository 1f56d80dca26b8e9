// Home: a search box into the catalog and the most recently listed books.
import { apiRequest } from './api-client.js';
import { bookGrid } from './book-card.js';
import { el } from './element-builder.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError } from './page-notices.js';
import { navigate } from './router.js';

const RECENT_LIMIT = 8;

function searchForm() {
  const input = el('input', {
    id: 'home-search',
    name: 'q',
    type: 'search',
    class: 'input',
    autocomplete: 'off',
  });
  return el(
    'form',
    {
      class: 'hero-search',
      role: 'search',
      onSubmit: (event) => {
        event.preventDefault();
        const q = input.value.trim();
        void navigate(q ? `/books?${new URLSearchParams({ q })}` : '/books');
      },
    },
    el('label', { for: 'home-search' }, 'Search by title or author'),
    el(
      'div',
      { class: 'input-with-button' },
      input,
      el('button', { type: 'submit', class: 'button' }, 'Search'),
    ),
  );
}

/** Renders the home page. */
export async function homePage({ outlet, signal }) {
  const recent = el('section', { class: 'section', 'aria-labelledby': 'recent-heading' });
  const heading = pageHeading('Second-hand books, first-hand care');
  document.title = 'BookStore · Second-hand books';
  outlet.append(
    el(
      'section',
      { class: 'hero' },
      heading,
      el(
        'p',
        { class: 'lead' },
        'Find pre-loved books from readers near you, or list the ones you have finished.',
      ),
      searchForm(),
    ),
    recent,
  );
  recent.append(
    el(
      'div',
      { class: 'section-header' },
      el('h2', { id: 'recent-heading' }, 'Recently added'),
      el('a', { href: '/books', class: 'section-link' }, 'Browse the full catalog'),
    ),
  );
  const loading = loadingNotice();
  recent.append(loading);
  try {
    const { items } = await apiRequest('GET', '/api/v1/books', {
      query: { sort: 'newest', limit: RECENT_LIMIT },
      signal,
      auth: false,
    });
    loading.replaceWith(
      bookGrid(items, { emptyText: 'No books are listed yet. Be the first to sell one!' }),
    );
  } catch (error) {
    showLoadError(loading, error);
  }
}
