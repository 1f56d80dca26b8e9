// History-API routing: the origin serves index.html for every unknown non-API path, and this module
// picks the page for location.pathname. Same-origin link clicks become pushState navigations.
import { currentUser, isAdmin } from './session.js';
import { resetPageNotices, showPageAlert } from './page-notices.js';
import { describeError, isAbort } from './api-client.js';

let routes = [];
let outlet = null;
let notFoundPage = null;
let forbiddenPage = null;
let currentController = null;
const routeListeners = new Set();

function compile(path) {
  const keys = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        keys.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

// A segment that is not valid percent-encoded UTF-8 (a typed "/books/%") names no page.
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function match(pathname) {
  for (const route of routes) {
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    const values = route.keys.map((_key, index) => decodeSegment(found[index + 1]));
    if (values.includes(undefined)) return null;
    return { route, params: Object.fromEntries(route.keys.map((key, i) => [key, values[i]])) };
  }
  return null;
}

/** Registers the route table: [{ path: '/books/:id', page, access: 'public'|'user'|'admin' }]. */
export function defineRoutes(table, { notFound, forbidden }) {
  routes = table.map((route) => ({ ...route, ...compile(route.path) }));
  notFoundPage = notFound;
  forbiddenPage = forbidden;
}

/** Goes to a same-origin URL; `state` is kept in history (used for the pagination cursor stack). */
export function navigate(url, { replace = false, state = null } = {}) {
  if (replace) {
    history.replaceState(state, '', url);
  } else {
    history.pushState(state, '', url);
    window.scrollTo(0, 0);
  }
  return renderCurrentRoute({ moveFocus: true });
}

/** True when the page on screen needs a signed-in user ('user' or 'admin' access). */
export function currentRouteNeedsUser() {
  const access = match(location.pathname)?.route.access ?? 'public';
  return access !== 'public';
}

/** Calls `listener(pathname)` after each page render (the header marks the current link). */
export function onRouteChange(listener) {
  routeListeners.add(listener);
}

/** Renders the page for the current location again (e.g. after signing out). */
export function renderCurrentRoute({ moveFocus = false } = {}) {
  currentController?.abort();
  const controller = new AbortController();
  currentController = controller;

  const path = location.pathname;
  const found = match(path);
  const access = found?.route.access ?? 'public';
  if (access !== 'public' && !currentUser()) {
    const next = encodeURIComponent(path + location.search);
    return navigate(`/login?next=${next}`, { replace: true });
  }
  let page = found?.route.page ?? notFoundPage;
  if (access === 'admin' && !isAdmin()) {
    page = forbiddenPage;
  }

  resetPageNotices();
  outlet.replaceChildren();
  const context = {
    params: found?.params ?? {},
    query: new URLSearchParams(location.search),
    path,
    state: history.state,
    signal: controller.signal,
    outlet,
  };
  for (const listener of routeListeners) {
    listener(path);
  }
  return Promise.resolve()
    .then(() => page(context))
    .catch((error) => {
      // Pages handle their expected failures; this is the last net so nothing fails silently.
      if (!isAbort(error) && !controller.signal.aborted) {
        showPageAlert(describeError(error));
      }
    })
    .then(() => {
      if (moveFocus && !controller.signal.aborted) {
        // Move focus to the new page's heading so screen readers announce it, as a full load would.
        const heading = outlet.querySelector('h1');
        (heading ?? document.getElementById('main')).focus({ preventScroll: true });
      }
    });
}

function isPlainLeftClick(event) {
  return (
    event.button === 0 &&
    !event.defaultPrevented &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey
  );
}

/** Starts routing into `outletElement`: intercepts link clicks and back/forward, renders now. */
export function startRouter(outletElement) {
  outlet = outletElement;
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    // data-full-load marks links to pages that are not the storefront's (the API reference).
    if (
      !link ||
      !isPlainLeftClick(event) ||
      link.target ||
      link.hasAttribute('download') ||
      link.hasAttribute('data-full-load')
    ) {
      return;
    }
    const url = new URL(link.href, location.href);
    const samePage = url.pathname === location.pathname && url.search === location.search;
    if (
      url.origin !== location.origin ||
      url.pathname.startsWith('/api/') ||
      (samePage && url.hash)
    ) {
      return;
    }
    event.preventDefault();
    void navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => {
    void renderCurrentRoute({ moveFocus: true });
  });
  return renderCurrentRoute();
}
