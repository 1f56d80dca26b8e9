/** One invalid input field, as reported in a problem's `errors` array. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Seconds a client should wait before retrying (429, 503). */
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one application error: a stable kebab-case name (the problem `type`), an HTTP status and a
 * message safe to show to the client. Thrown by use cases, turned into problem+json once.
 */
export class AppError extends Error {
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly code: string,
    status: number,
    detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers;
  }
}

/** 400 with the list of fields that are wrong. */
export function invalidInput(
  errors: FieldError[],
  detail = 'The request has invalid fields.',
): AppError {
  return new AppError('invalid-input', 400, detail, { errors });
}

/** 404 for anything missing or not visible to the caller. */
export function notFound(what: string): AppError {
  return new AppError('not-found', 404, `${what} was not found.`);
}

/** 401 when no credentials were sent, or a password or session was refused (RFC 6750's challenge). */
export function unauthorized(detail = 'Sign in to continue.'): AppError {
  return new AppError('unauthorized', 401, detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

/**
 * 401 for an access token that was sent but cannot be used (bad, expired, or its account is gone):
 * RFC 6750's `invalid_token` tells a client to get a new token rather than ask for credentials.
 */
export function invalidToken(detail = 'The access token is invalid or expired.'): AppError {
  return new AppError('unauthorized', 401, detail, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}

/** 403 when the caller is known but not allowed. */
export function forbidden(detail = 'You are not allowed to do this.'): AppError {
  return new AppError('forbidden', 403, detail);
}
