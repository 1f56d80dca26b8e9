// Who is signed in. The access token is kept in memory only (never in storage); the HttpOnly
// refresh cookie, scoped to /api/v1/auth, restores the session after a reload.
import { ApiError, apiRequest, setAuthHooks } from './api-client.js';

// The refresh cookie is HttpOnly, so this page cannot see whether there is one. Asking without one
// only earns a 401, which the browser logs in the console on every signed-out page load: a mark in
// localStorage (shared by the tabs) says a session may exist, and only then is it asked for.
const SESSION_MARK = 'bookstore.session.v1';

function markSession(present) {
  try {
    if (present) {
      localStorage.setItem(SESSION_MARK, '1');
    } else {
      localStorage.removeItem(SESSION_MARK);
    }
  } catch {
    // Storage disabled: every load asks, as before.
  }
}

/** Whether this browser may hold a session (signed in since it last signed out). */
export function sessionMayExist() {
  try {
    return localStorage.getItem(SESSION_MARK) !== null;
  } catch {
    return true;
  }
}

let accessToken = null;
let user = null;
let refreshInFlight = null;
const listeners = new Set();

function notify() {
  for (const listener of listeners) {
    listener(user);
  }
}

function startSession(answer) {
  accessToken = answer.accessToken;
  user = answer.user;
  markSession(true);
  notify();
}

function endSession() {
  const hadUser = user !== null;
  accessToken = null;
  user = null;
  markSession(false);
  if (hadUser) {
    notify();
  }
}

async function exchangeRefreshCookie() {
  try {
    startSession(await apiRequest('POST', '/api/v1/auth/refresh', { auth: false }));
    return true;
  } catch (error) {
    // A network failure says nothing about the cookie: keep what we have and let the caller fail.
    if (error instanceof ApiError && error.status !== 0 && error.status < 500) {
      endSession();
    }
    return false;
  }
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request,
 * because refresh tokens rotate on use and a second request with the old cookie would be treated
 * as reuse and revoke the whole session.
 */
export function refreshSession() {
  if (!refreshInFlight) {
    refreshInFlight = exchangeRefreshCookie().finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

setAuthHooks({ getAccessToken: () => accessToken, refreshSession });

/** The signed-in user ({ id, name, email, role, createdAt }) or null. */
export function currentUser() {
  return user;
}

/** True when the signed-in user is an administrator. */
export function isAdmin() {
  return user?.role === 'admin';
}

/** Calls `listener(user)` whenever someone signs in or out; returns an unsubscribe function. */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Signs in with email and password; rejects with ApiError on failure. */
export async function signIn(email, password) {
  startSession(
    await apiRequest('POST', '/api/v1/auth/login', { body: { email, password }, auth: false }),
  );
  return user;
}

/** Creates an account (rejects with ApiError, e.g. 409 for a taken email); does not sign in. */
export async function register(name, email, password) {
  const { user: created } = await apiRequest('POST', '/api/v1/auth/register', {
    body: { name, email, password },
    auth: false,
  });
  return created;
}

/** Revokes the refresh cookie on the server and forgets the session here, even if the call fails. */
export async function signOut() {
  try {
    await apiRequest('POST', '/api/v1/auth/logout', { auth: false });
  } finally {
    endSession();
  }
}
