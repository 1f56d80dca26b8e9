import express, { type RequestHandler } from 'express';
import { AppError } from '../errors/app-error';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPES = ['application/json', 'application/*+json'];

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
export function jsonBodyParser(limit = '64kb'): RequestHandler {
  const parseJson = express.json({
    limit,
    strict: true,
    type: JSON_TYPES,
  });
  return (req, res, next) => {
    // No body and no media type (most GETs): neither check below could do anything.
    if (!hasBody(req.headers) && req.headers['content-type'] === undefined) return next();
    if (BODY_METHODS.has(req.method) && hasBody(req.headers) && !req.is(JSON_TYPES)) {
      return next(
        new AppError('unsupported-media-type', 415, 'Send the request body as application/json.'),
      );
    }
    parseJson(req, res, next);
  };
}
