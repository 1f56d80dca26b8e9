import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Helmet's defaults (CSP with 'self' only, HSTS, nosniff, frame denial). The storefront loads
 * nothing from other origins, so the default policy fits it as well as the API.
 */
export function securityHeaders(): RequestHandler {
  return helmet({ crossOriginResourcePolicy: { policy: 'same-site' } });
}
