// The header navigation: what it offers depends on who is signed in ("All orders" and "Users" only
// for administrators), it shows the cart count, marks the current page and folds into a menu on
// phones.
import { cartCount, onCartChange } from './cart.js';
import { el, replaceContent } from './element-builder.js';
import { flashAfterNavigation } from './page-notices.js';
import { navigate, onRouteChange } from './router.js';
import { currentUser, isAdmin, onSessionChange, signOut } from './session.js';
import { disclosure } from './disclosure.js';

function navLink(href, text, testid) {
  return el('li', {}, el('a', { href, class: 'nav-link', 'data-testid': testid }, text));
}

function cartLink() {
  const count = cartCount();
  return el(
    'li',
    {},
    el(
      'a',
      { href: '/cart', class: 'nav-link nav-cart', 'data-testid': 'nav-cart' },
      'Cart',
      el('span', { class: 'cart-count', 'data-testid': 'cart-count' }, String(count)),
      el('span', { class: 'visually-hidden' }, count === 1 ? ' item' : ' items'),
    ),
  );
}

async function handleSignOut(button) {
  button.disabled = true;
  try {
    await signOut();
  } catch {
    // The local session is gone either way; the server cookie expires on its own.
  }
  flashAfterNavigation('You are signed out.');
  await navigate('/');
}

function renderNav(list) {
  const user = currentUser();
  replaceContent(
    list,
    navLink('/books', 'Catalog', 'nav-catalog'),
    user ? navLink('/my-books', 'My books', 'nav-my-books') : null,
    user ? navLink('/my-sales', 'My sales', 'nav-my-sales') : null,
    user ? navLink('/orders', 'My orders', 'nav-orders') : null,
    isAdmin() ? navLink('/admin/orders', 'All orders', 'nav-admin-orders') : null,
    isAdmin() ? navLink('/admin/users', 'Users', 'nav-admin-users') : null,
    cartLink(),
    user
      ? el(
          'li',
          { class: 'nav-user' },
          el('span', { class: 'nav-user-name', 'data-testid': 'current-user' }, user.name),
          el(
            'button',
            {
              type: 'button',
              class: 'button button-secondary button-small',
              'data-testid': 'sign-out',
              onClick: (event) => void handleSignOut(event.currentTarget),
            },
            'Sign out',
          ),
        )
      : [
          navLink('/login', 'Sign in', 'nav-sign-in'),
          el(
            'li',
            {},
            el(
              'a',
              { href: '/register', class: 'button button-small', 'data-testid': 'nav-register' },
              'Register',
            ),
          ),
        ],
  );
  markCurrent(list, location.pathname);
}

function markCurrent(list, pathname) {
  for (const link of list.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href');
    const current = href === pathname || (href !== '/' && pathname.startsWith(`${href}/`));
    if (current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

/** Wires the header in index.html to the session, the cart and the router. */
export function startSiteHeader() {
  const nav = document.getElementById('site-nav');
  const list = nav.querySelector('ul');
  const setMenuOpen = disclosure(document.querySelector('.nav-toggle'), nav, (open) =>
    nav.classList.toggle('is-open', open),
  );
  onSessionChange(() => renderNav(list));
  onCartChange(() => {
    // Update the count in place so focus inside the menu is not lost.
    const count = cartCount();
    list.querySelector('.cart-count').textContent = String(count);
    list.querySelector('.nav-cart .visually-hidden').textContent = count === 1 ? ' item' : ' items';
  });
  onRouteChange((pathname) => {
    setMenuOpen(false);
    markCurrent(list, pathname);
  });
  renderNav(list);
}
