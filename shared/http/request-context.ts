import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reads a request id a caller or load balancer already chose, if it is a safe one. */
function incomingRequestId(req: Request): string | undefined {
  const header = req.headers['x-request-id'] ?? req.headers['x-amzn-trace-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
}

interface RequestLocals {
  requestId: string;
  /** The app's logger; the request's child logger is made from it when first asked for. */
  appLogger: Logger;
  logger?: Logger;
}

/**
 * The request's logger: a child of the app's carrying the request id. Made on first use, since
 * most requests log only their access line, which needs no child logger.
 */
export function loggerOf(res: Response): Logger {
  const locals = res.locals as RequestLocals;
  locals.logger ??= locals.appLogger.child({ requestId: locals.requestId });
  return locals.logger;
}

/**
 * Gives each request an id (the Lambda request id when there is one), a logger carrying it, an
 * X-Request-Id response header and one access log line, with the request id, when the response is
 * finished; or, when the client closes its connection before that, one info line saying so (the
 * client's choice, not a failure: no error, no stack).
 */
export function requestContext(
  logger: Logger,
  lambdaRequestId?: (req: Request) => string | undefined,
): RequestHandler {
  return (req, res, next) => {
    const requestId = lambdaRequestId?.(req) ?? incomingRequestId(req) ?? randomUUID();
    const locals = res.locals as RequestLocals;
    locals.requestId = requestId;
    locals.appLogger = logger;
    res.setHeader('X-Request-Id', requestId);
    // The access line is an info line: below that level there is nothing to time or to write.
    if (logger.isLevelEnabled('info')) {
      const started = performance.now();
      res.once('finish', () => {
        logger.info(
          {
            requestId,
            method: req.method,
            path: req.path,
            status: res.statusCode,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
          },
          'request finished',
        );
      });
      res.once('close', () => {
        if (res.writableFinished) return;
        logger.info(
          { requestId, method: req.method, path: req.path },
          'client closed the connection before its answer',
        );
      });
    }
    next();
  };
}
