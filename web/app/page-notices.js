// The page-wide message regions in index.html: an alert (role="alert") for errors that belong to no
// field, and a status line (role="status") for confirmations. A message can be queued to appear
// after the next navigation ("flash"), e.g. "Book deleted" shown on the list the person returns to.

import { describeError, isAbort } from './api-client.js';

const STATUS_VISIBLE_MS = 7000;

let flashMessage = null;
let fadeTimer = null;
let nextActionWatch = null;

function alertRegion() {
  return document.getElementById('page-alert');
}

function statusRegion() {
  return document.getElementById('page-status');
}

/** Shows an error sentence in the page alert region. */
export function showPageAlert(message) {
  const region = alertRegion();
  region.textContent = message;
  region.hidden = false;
}

function setStatus(message) {
  const region = statusRegion();
  region.textContent = message;
  region.classList.remove('is-faded');
  clearTimeout(fadeTimer);
  nextActionWatch?.abort();
  if (message) {
    // The text stays (for assistive tech and tests); only the toast fades from view: after a few
    // seconds, or as soon as the person acts again (it has been read, and it must not lie over the
    // control they reach for next).
    const fade = () => {
      clearTimeout(fadeTimer);
      nextActionWatch?.abort();
      region.classList.add('is-faded');
    };
    fadeTimer = setTimeout(fade, STATUS_VISIBLE_MS);
    nextActionWatch = new AbortController();
    for (const type of ['pointerdown', 'keydown']) {
      document.addEventListener(type, fade, { capture: true, signal: nextActionWatch.signal });
    }
  }
}

/** Shows a confirmation in the page status region (a toast that fades after a few seconds). */
export function showPageStatus(message) {
  setStatus(message);
}

/** Queues a confirmation for the page shown after the next navigation. */
export function flashAfterNavigation(message) {
  flashMessage = message;
}

/** Clears both regions, then shows any queued flash message; called by the router on each page. */
export function resetPageNotices() {
  const region = alertRegion();
  region.textContent = '';
  region.hidden = true;
  setStatus(flashMessage ?? '');
  flashMessage = null;
}

/** Clears the page alert (before a new attempt of whatever failed). */
export function clearPageAlert() {
  const region = alertRegion();
  region.textContent = '';
  region.hidden = true;
}

/**
 * Reports a failed page load in the page alert and removes the loading placeholder. Aborts (the
 * person navigated away) are ignored.
 */
export function showLoadError(placeholder, error) {
  if (isAbort(error)) {
    return;
  }
  placeholder?.remove();
  showPageAlert(describeError(error));
}
