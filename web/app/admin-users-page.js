// Administrators only: the registered users. The API enforces this; the route guard only keeps
// non-admins from seeing an empty page.
import { apiRequest } from './api-client.js';
import { formatDate } from './display-format.js';
import { el } from './element-builder.js';
import { pager, readCursor } from './pager.js';
import { loadingNotice, pageHeading } from './page-heading.js';
import { showLoadError } from './page-notices.js';

const PAGE_SIZE = 25;

function usersTable(users) {
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'table', 'data-testid': 'users' },
      el('caption', { class: 'visually-hidden' }, 'Registered users'),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'Name'),
          el('th', { scope: 'col' }, 'Email'),
          el('th', { scope: 'col' }, 'Role'),
          el('th', { scope: 'col' }, 'Joined'),
        ),
      ),
      el(
        'tbody',
        {},
        users.map((user) =>
          el(
            'tr',
            { 'data-testid': 'user-row', dataset: { userId: String(user.id) } },
            el('th', { scope: 'row' }, user.name),
            el('td', { 'data-testid': 'user-email' }, user.email),
            el(
              'td',
              {},
              el(
                'span',
                { class: user.role === 'admin' ? 'badge badge-strong' : 'badge' },
                user.role,
              ),
            ),
            el('td', {}, formatDate(user.createdAt)),
          ),
        ),
      ),
    ),
  );
}

/** Renders the admin user list. */
export async function adminUsersPage(context) {
  const { outlet, signal } = context;
  const { cursor } = readCursor(context);
  const loading = loadingNotice('Loading users…');
  outlet.append(pageHeading('Users'), loading);
  try {
    const { items, nextCursor } = await apiRequest('GET', '/api/v1/users', {
      query: { limit: PAGE_SIZE, cursor },
      signal,
    });
    loading.replaceWith(
      items.length ? usersTable(items) : el('p', { class: 'empty-state' }, 'No users yet.'),
    );
    const controls = pager(context, nextCursor);
    if (controls) {
      outlet.append(controls);
    }
  } catch (error) {
    showLoadError(loading, error);
  }
}
