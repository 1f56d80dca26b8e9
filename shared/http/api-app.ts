import express, { type Express, type Request, type RequestHandler } from 'express';
import { cors } from './cors';
import { errorHandler } from './error-handler';
import { jsonBodyParser } from './json-body';
import { notFoundHandler } from './not-found';
import { requestContext } from './request-context';
import { securityHeaders } from './security-headers';
import type { Logger } from '../logging/logger';

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
  /**
   * Express's ETag setting: the catalog sends strong ETags, auth none (its answers are not
   * cacheable), the origin Express's default weak ones.
   */
  etag: 'strong' | 'weak' | false;
  /** The request id to log when the platform gave one (the Lambda request id). */
  requestIdOf?: (req: Request) => string | undefined;
  /** Middleware that must see a request before its headers are set (the origin's early refusals). */
  first?: RequestHandler[];
  /**
   * Parse every body as JSON before the routes (the functions). The origin parses per route,
   * since a cover upload's body is an image.
   */
  parseJson: boolean;
  routes(app: Express): void;
}

/**
 * The express app around a deployable's routes, the same for the functions and the origin: a
 * request id in every log line, security headers, CORS, JSON bodies, then problem+json for unknown
 * routes and methods and for every error.
 */
export function createApiApp(options: ApiAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', options.etag);
  app.use(requestContext(options.logger, options.requestIdOf));
  for (const handler of options.first ?? []) app.use(handler);
  app.use(securityHeaders());
  app.use(cors());
  if (options.parseJson) {
    app.use(jsonBodyParser());
    app.use(dropUnparsedBody);
  }
  options.routes(app);
  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}
