// The one place that talks HTTP to /api/v1. It attaches the access token, turns problem+json
// answers into ApiError values, and on a 401 refreshes the session once and retries the call.

/** An API failure with the fields of an RFC 9457 problem; `status` 0 means the server was unreachable. */
export class ApiError extends Error {
  constructor({ status, title, detail, type, errors, retryAfter }) {
    super(detail || title || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title ?? '';
    this.detail = detail ?? '';
    this.type = type ?? 'about:blank';
    this.errors = Array.isArray(errors) ? errors : [];
    this.retryAfter = retryAfter ?? null;
  }
}

let authHooks = {
  getAccessToken: () => null,
  refreshSession: () => Promise.resolve(false),
};

/** Lets the session module supply the token and the refresh step without an import cycle. */
export function setAuthHooks(hooks) {
  authHooks = hooks;
}

function buildUrl(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const FALLBACK_TITLES = {
  400: 'The request was not valid.',
  401: 'You need to sign in to do that.',
  403: 'You are not allowed to do that.',
  404: 'That could not be found.',
  409: 'That conflicts with the current state. Reload and try again.',
  413: 'That is too large to send.',
  429: 'Too many attempts. Please wait a moment and try again.',
  502: 'The server is not answering right now. Please try again shortly.',
  503: 'The service is busy right now. Please try again shortly.',
};

async function toApiError(response) {
  const retryAfter = response.headers.get('Retry-After');
  const contentType = response.headers.get('Content-Type') ?? '';
  let problem = {};
  if (contentType.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = {};
    }
  }
  return new ApiError({
    status: response.status,
    title: typeof problem.title === 'string' ? problem.title : FALLBACK_TITLES[response.status],
    detail: typeof problem.detail === 'string' ? problem.detail : '',
    type: problem.type,
    errors: problem.errors,
    retryAfter,
  });
}

/**
 * Calls the API. Options: body (sent as JSON, or a Blob/File sent as is), query (object; empty values dropped), headers,
 * signal, auth (send the bearer token and refresh on 401; default true).
 * Resolves with the parsed JSON (null for 204) or rejects with ApiError (or an AbortError).
 */
export async function apiRequest(method, path, options = {}) {
  const {
    body,
    query,
    headers = {},
    signal,
    auth = true,
    fresh = false,
    retried = false,
  } = options;
  const requestHeaders = { Accept: 'application/json, application/problem+json', ...headers };
  // A file (a cover image) is sent as itself, with its own media type; anything else as JSON.
  const isFile = body instanceof Blob;
  if (body !== undefined) {
    requestHeaders['Content-Type'] = isFile ? body.type : 'application/json';
  }
  const token = auth ? authHooks.getAccessToken() : null;
  if (token) {
    requestHeaders.Authorization = `Bearer ${token}`;
  }

  let response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers: requestHeaders,
      body: body === undefined || isFile ? body : JSON.stringify(body),
      credentials: 'same-origin',
      // Catalog answers may be cached for 30 s; `fresh` revalidates (a cheap 304 when unchanged)
      // where a stale stock count would mislead, as in the cart.
      cache: fresh ? 'no-cache' : 'default',
      signal,
    });
  } catch (error) {
    if (error?.name === 'AbortError') {
      throw error;
    }
    throw new ApiError({
      status: 0,
      title: 'Could not reach the server. Check your connection and try again.',
    });
  }

  if (response.status === 401 && auth && !retried) {
    // The access token lives only in memory and expires quickly: refresh once, then retry once.
    const refreshed = await authHooks.refreshSession();
    if (refreshed) {
      return apiRequest(method, path, { ...options, retried: true });
    }
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** The sentence to show a person for an API failure (detail first, then title). */
export function describeError(error) {
  if (!(error instanceof ApiError)) {
    return 'Something went wrong. Please try again.';
  }
  let message = error.detail || error.title || FALLBACK_TITLES[error.status];
  if (!message) {
    message =
      error.status >= 500
        ? 'Something went wrong on our side. Please try again.'
        : `The request failed (${error.status}).`;
  }
  if (error.retryAfter && /^\d+$/.test(error.retryAfter)) {
    message += ` Try again in ${error.retryAfter} seconds.`;
  }
  return message;
}

/** True when a rejection came from aborting a request (the person navigated away). */
export function isAbort(error) {
  return error?.name === 'AbortError';
}
