import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reads a request id a caller or load balancer already chose, if it is a safe one. */
function incomingRequestId(req: Request): string | undefined {
  const header = req.get('x-request-id') ?? req.get('x-amzn-trace-id');
  return header && REQUEST_ID.test(header) ? header : undefined;
}

/** The request's child logger, set by requestContext. */
export function loggerOf(res: Response): Logger {
  return res.locals.logger as Logger;
}

/** The request's id, set by requestContext. */
export function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

/**
 * Gives each request an id (the Lambda request id when there is one), a child logger carrying it,
 * an X-Request-Id response header and one access log line when the response is finished.
 */
export function requestContext(
  logger: Logger,
  lambdaRequestId?: (req: Request) => string | undefined,
): RequestHandler {
  return (req, res, next) => {
    const requestId = lambdaRequestId?.(req) ?? incomingRequestId(req) ?? randomUUID();
    const child = logger.child({ requestId });
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.locals.logger = child;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      child.info(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
        },
        'request finished',
      );
    });
    next();
  };
}
