import express, { type Express, type Request, type RequestHandler } from 'express';
import { cors } from '../../shared/http/cors';
import { errorHandler } from '../../shared/http/error-handler';
import { jsonBodyParser } from '../../shared/http/json-body';
import { notFoundHandler } from '../../shared/http/not-found';
import { requestContext } from '../../shared/http/request-context';
import { securityHeaders } from '../../shared/http/security-headers';
import type { Logger } from '../../shared/logging/logger';

/** The Lambda request id serverless-http passes along with the event (absent outside Lambda). */
export function awsRequestIdOf(req: Request): string | undefined {
  const context = (req as Request & { apiGateway?: { context?: { awsRequestId?: unknown } } })
    .apiGateway?.context;
  return typeof context?.awsRequestId === 'string' && context.awsRequestId
    ? context.awsRequestId
    : undefined;
}

/**
 * serverless-http hands express the raw event body as `req.body` (a Buffer); when there was no body
 * to parse, the JSON parser leaves it there. Routes must only ever see parsed JSON or nothing.
 */
const dropUnparsedBody: RequestHandler = (req, _res, next) => {
  if (Buffer.isBuffer(req.body)) req.body = undefined;
  next();
};

export interface ApiAppOptions {
  logger: Logger;
  /** Express's ETag setting: the catalog sends strong ETags, auth none (its answers are not cacheable). */
  etag: 'strong' | false;
  routes(app: Express): void;
}

/**
 * The express app around a function's routes: the Lambda request id in every log line, security
 * headers, CORS, JSON-only bodies, then problem+json for unknown routes and methods and for every error.
 */
export function createApiApp(options: ApiAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', options.etag);
  app.use(requestContext(options.logger, awsRequestIdOf));
  app.use(securityHeaders());
  app.use(cors());
  app.use(jsonBodyParser());
  app.use(dropUnparsedBody);
  options.routes(app);
  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}
