// Every page starts with one <h1>: it names the page, sets the document title, and takes focus
// after a navigation (tabindex -1 makes it focusable without adding it to the tab order).
import { el } from './element-builder.js';

/** Builds the page's <h1> and sets document.title to match. */
export function pageHeading(text, attrs = {}) {
  document.title = `${text} · BookStore`;
  return el('h1', { tabindex: '-1', ...attrs }, text);
}

/** A placeholder shown while a page's data loads. */
export function loadingNotice(text = 'Loading…') {
  return el('p', { class: 'loading', 'data-testid': 'loading' }, text);
}
