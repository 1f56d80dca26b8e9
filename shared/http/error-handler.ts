import type { ErrorRequestHandler, Request, Response } from 'express';
import { isDatabaseUnavailable, isStatementCeilingReached } from '../db/database-errors';
import { AppError } from '../errors/app-error';
import { internalProblem, PROBLEM_CONTENT_TYPE, toProblem, type Problem } from '../errors/problem';
import { loggerOf } from './request-context';

/** How long a client is told to wait before retrying when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * What the log says of a statement the server stopped at its cost ceiling: the client gets the
 * 503 of an unavailable database, but the cause is one statement's cost, not an outage.
 */
const STATEMENT_CEILING_REACHED =
  'The database stopped a statement at its cost ceiling; answered 503 with Retry-After.';

/** Errors that body-parser raises for bad bodies, mapped to what the client did wrong. */
function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.too.large':
      return new AppError('payload-too-large', 413, 'The request body is too large.');
    case 'entity.parse.failed':
      return new AppError('malformed-json', 400, 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported-media-type', 415, 'Send the request body as UTF-8 JSON.');
    case 'request.aborted':
      return new AppError('request-aborted', 400, 'The request body was not received completely.');
    default:
      return undefined;
  }
}

/** What a client error without a more specific name says, by status. */
const CLIENT_ERRORS: Record<number, [code: string, detail: string]> = {
  400: ['bad-request', 'The request could not be read: check its path, query, headers and body.'],
  413: ['payload-too-large', 'The request body is too large.'],
  415: ['unsupported-media-type', 'Send the request body as JSON.'],
};

/**
 * Errors from express and its parsers that carry a client status (http-errors: `status` 4xx), e.g.
 * "Failed to decode param" or a body that does not decompress: that status, with a fixed message,
 * since theirs may echo the input or internals.
 */
function fromHttpError(error: unknown): AppError | undefined {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 499)
    return undefined;
  const [name, detail] = CLIENT_ERRORS[code] ?? ['client-error', 'The request was refused.'];
  return new AppError(name, code, detail);
}

/** Sends a problem+json response. */
export function sendProblem(
  res: Response,
  problem: Problem,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

function classify(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const clientError = fromBodyParser(error) ?? fromHttpError(error);
  if (clientError) return clientError;
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      'database-unavailable',
      503,
      'The database is unavailable. Please retry shortly.',
      {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      },
    );
  }
  return undefined;
}

/**
 * The one place errors become responses: application errors as their problem, a database outage
 * as a 503 with Retry-After, anything else as a logged 500 whose details stay in the log.
 */
export function errorHandler(): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) return next(error);
    const logger = loggerOf(res);
    const known = classify(error);
    if (!known) {
      logger.error({ err: error, method: req.method, path: req.path }, 'unexpected error');
      return sendProblem(res, internalProblem(req.originalUrl));
    }
    if (known.status >= 500)
      logger.warn(
        { err: error, code: known.code },
        isStatementCeilingReached(error) ? STATEMENT_CEILING_REACHED : known.message,
      );
    const headers: Record<string, string> = { ...known.headers };
    if (known.retryAfterSeconds !== undefined)
      headers['Retry-After'] = String(known.retryAfterSeconds);
    sendProblem(res, toProblem(known, req.originalUrl), headers);
  };
}
