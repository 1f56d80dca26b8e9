// Start-up: restore the session from the refresh cookie (so a reload keeps you signed in), wire the
// header, and route to the page for the current address.
import { adminOrdersPage } from './admin-orders-page.js';
import { adminUsersPage } from './admin-users-page.js';
import { editBookPage, newBookPage } from './book-form-page.js';
import { bookPage } from './book-page.js';
import { cartPage } from './cart-page.js';
import { catalogPage } from './catalog-page.js';
import { forbiddenPage, notFoundPage } from './error-pages.js';
import { homePage } from './home-page.js';
import { loginPage } from './login-page.js';
import { myBooksPage } from './my-books-page.js';
import { orderPage } from './order-page.js';
import { ordersPage } from './orders-page.js';
import { registerPage } from './register-page.js';
import { salesPage } from './sales-page.js';
import { currentRouteNeedsUser, defineRoutes, renderCurrentRoute, startRouter } from './router.js';
import { onSessionChange, refreshSession, sessionMayExist } from './session.js';
import { startSiteHeader } from './site-header.js';

// access: 'public' for everyone, 'user' needs a session (else /login?next=…), 'admin' an admin.
const ROUTES = [
  { path: '/', page: homePage, access: 'public' },
  { path: '/books', page: catalogPage, access: 'public' },
  { path: '/books/:id', page: bookPage, access: 'public' },
  { path: '/login', page: loginPage, access: 'public' },
  { path: '/register', page: registerPage, access: 'public' },
  { path: '/cart', page: cartPage, access: 'public' },
  { path: '/my-books', page: myBooksPage, access: 'user' },
  { path: '/my-books/new', page: newBookPage, access: 'user' },
  { path: '/my-books/:id/edit', page: editBookPage, access: 'user' },
  { path: '/my-sales', page: salesPage, access: 'user' },
  { path: '/orders', page: ordersPage, access: 'user' },
  { path: '/orders/:id', page: orderPage, access: 'user' },
  { path: '/admin/users', page: adminUsersPage, access: 'admin' },
  { path: '/admin/orders', page: adminOrdersPage, access: 'admin' },
];

async function start() {
  defineRoutes(ROUTES, { notFound: notFoundPage, forbidden: forbiddenPage });
  // Ask for a fresh access token before the first page, so protected pages do not bounce to login;
  // only when a session may exist (a signed-out load would just log a 401).
  if (sessionMayExist()) {
    await refreshSession();
  }
  startSiteHeader();
  onSessionChange((user) => {
    // Signed out or the session expired: a protected page must not stay on screen. Deferred so a
    // sign-out that navigates away on its own is not redirected to the login page first.
    if (!user) {
      setTimeout(() => {
        if (currentRouteNeedsUser()) {
          void renderCurrentRoute();
        }
      }, 0);
    }
  });
  document.body.classList.remove('is-starting');
  await startRouter(document.getElementById('page'));
}

void start();
