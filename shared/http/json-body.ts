import express, { type RequestHandler } from 'express';
import { AppError } from '../errors/app-error';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  if (headers['transfer-encoding'] !== undefined) return true;
  // String(): serverless-http sets a missing content-length as the number 0, not the string '0'.
  return length !== undefined && String(length) !== '0';
}

/**
 * JSON bodies only: a body of another media type is a 415 before anything parses it, one over the
 * limit a 413, malformed JSON a 400 (mapped by the error handler). An empty body is allowed.
 */
export function jsonBodyParser(limit = '64kb'): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (!BODY_METHODS.has(req.method) || !hasBody(req.headers)) return next();
    if (req.is(['application/json', 'application/*+json'])) return next();
    next(new AppError('unsupported-media-type', 415, 'Send the request body as application/json.'));
  };
  return [
    requireJson,
    express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }),
  ];
}
