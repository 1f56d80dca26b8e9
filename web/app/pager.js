// Cursor pagination for list pages. The API only knows "next"; going back needs the cursors of the
// pages before, so they are kept as a stack in history.state (survives reload and back/forward)
// and the current cursor is in the URL (?cursor=...).
import { el } from './element-builder.js';
import { navigate } from './router.js';

/** The cursor for the current page (undefined on the first page) and the stack of earlier ones. */
export function readCursor(context) {
  const cursors = Array.isArray(context.state?.cursors) ? context.state.cursors : [];
  return { cursor: context.query.get('cursor') ?? undefined, cursors };
}

function urlWithCursor(context, cursor) {
  const query = new URLSearchParams(context.query);
  if (cursor) {
    query.set('cursor', cursor);
  } else {
    query.delete('cursor');
  }
  const search = query.toString();
  return search ? `${context.path}?${search}` : context.path;
}

/** "Previous" / "Page N" / "Next" controls for a list answer's nextCursor. */
export function pager(context, nextCursor) {
  const { cursor, cursors } = readCursor(context);
  const onFirstPage = !cursor;
  // A shared link can carry a cursor without the stack: then the page number is unknown.
  const pageNumber = onFirstPage ? 1 : cursors.length > 0 ? cursors.length + 1 : null;
  if (onFirstPage && !nextCursor) {
    return null;
  }
  return el(
    'nav',
    { class: 'pager', 'aria-label': 'Pagination', 'data-testid': 'pager' },
    el(
      'button',
      {
        type: 'button',
        class: 'button button-secondary',
        disabled: onFirstPage,
        onClick: () => {
          const previous = cursors.slice(0, -1);
          void navigate(urlWithCursor(context, cursors.at(-1)), { state: { cursors: previous } });
        },
      },
      el('span', { 'aria-hidden': 'true' }, '← '),
      'Previous',
    ),
    el(
      'span',
      { class: 'pager-page', 'data-testid': 'page-number' },
      pageNumber ? `Page ${pageNumber}` : '',
    ),
    el(
      'button',
      {
        type: 'button',
        class: 'button button-secondary',
        disabled: !nextCursor,
        onClick: () => {
          void navigate(urlWithCursor(context, nextCursor), {
            state: { cursors: [...cursors, cursor ?? ''] },
          });
        },
      },
      'Next',
      el('span', { 'aria-hidden': 'true' }, ' →'),
    ),
  );
}
