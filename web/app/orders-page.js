// "My orders": the signed-in buyer's orders, newest first, with status and total.
import { el } from './element-builder.js';
import { showOrderList } from './order-list.js';
import { loadingNotice, pageHeading } from './page-heading.js';

/** Renders the buyer's order history. */
export async function ordersPage(context) {
  const loading = loadingNotice('Loading your orders…');
  context.outlet.append(pageHeading('My orders'), loading);
  await showOrderList(context, loading, {
    query: {},
    emptyContent: [
      'You have no orders yet. ',
      el('a', { href: '/books' }, 'Find something to read'),
    ],
  });
}
