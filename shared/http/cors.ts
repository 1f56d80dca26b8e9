import type { RequestHandler } from 'express';
import { methodsAt } from '../routes/route-table';

/**
 * The API's one CORS policy (DESIGN.md, "The public API as a product"): any origin may call it
 * without credentials — catalog consumers read from their own sites and send bearer tokens, and the
 * refresh cookie stays same-site. serverless.yml's HTTP API `cors` block says the same (a test
 * compares them); locally the apps apply it, as API Gateway does in AWS.
 */
export const CORS_POLICY = {
  allowedOrigins: ['*'],
  allowedMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match'],
  exposedResponseHeaders: ['ETag', 'Location', 'Retry-After'],
  allowCredentials: false,
  maxAgeSeconds: 600,
} as const;

/** Headers every API answer carries, preflight or not. */
export const CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': CORS_POLICY.allowedOrigins.join(', '),
  'Access-Control-Expose-Headers': CORS_POLICY.exposedResponseHeaders.join(', '),
};

/** Headers of the 204 answer to a preflight. */
export const CORS_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': CORS_POLICY.allowedOrigins.join(', '),
  'Access-Control-Allow-Methods': CORS_POLICY.allowedMethods.join(', '),
  'Access-Control-Allow-Headers': CORS_POLICY.allowedHeaders.join(', '),
  'Access-Control-Max-Age': String(CORS_POLICY.maxAgeSeconds),
};

/** The API's paths: under /api/ and the key set (the storefront's pages and assets are not API). */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/.well-known/');
}

/**
 * CORS for one app: every answer on an API path carries the policy's headers, and OPTIONS on a
 * route of the table is the preflight (204, no body) instead of express's plain-text method list.
 */
export function cors(): RequestHandler {
  return (req, res, next) => {
    if (!isApiPath(req.path)) return next();
    if (req.method === 'OPTIONS' && methodsAt(req.path).length > 0) {
      res.set(CORS_PREFLIGHT_HEADERS).status(204).end();
      return;
    }
    res.set(CORS_RESPONSE_HEADERS);
    next();
  };
}
