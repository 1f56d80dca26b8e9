// The pages for an unknown address and for a page the signed-in user may not see.
import { el } from './element-builder.js';
import { pageHeading } from './page-heading.js';

/** Renders the "page not found" page. */
export function notFoundPage({ outlet }) {
  outlet.append(
    pageHeading('Page not found'),
    el(
      'p',
      { 'data-testid': 'not-found' },
      'There is nothing at this address. ',
      el('a', { href: '/' }, 'Go to the home page'),
    ),
  );
}

/** Renders the "not allowed" page (e.g. the user list for a non-administrator). */
export function forbiddenPage({ outlet }) {
  outlet.append(
    pageHeading('Not allowed'),
    el(
      'p',
      { 'data-testid': 'forbidden' },
      'This page is for administrators only. ',
      el('a', { href: '/' }, 'Go to the home page'),
    ),
  );
}
