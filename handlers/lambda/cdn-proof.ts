import { isIP } from 'node:net';

/**
 * The header CloudFront adds to every request it sends to the HTTP API, with a value from a
 * secret (infra/cdn.yml). The API's authorizer (the cdn-guard function) refuses requests without
 * it, so the execute-api endpoint cannot be used to go around the CDN's WAF.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * What the authorizer puts in the request context of a request it verified came through
 * CloudFront. API Gateway sets `requestContext.authorizer.lambda` itself; a client cannot.
 */
export const VIA_CLOUDFRONT = { via: 'cloudfront' } as const;

/** Whether an API Gateway request context carries the authorizer's proof of CloudFront. */
export function cameThroughCloudFront(requestContext: unknown): boolean {
  const lambda = (requestContext as { authorizer?: { lambda?: Record<string, unknown> } } | null)
    ?.authorizer?.lambda;
  return lambda?.via === VIA_CLOUDFRONT.via;
}

/**
 * The viewer's IP address from CloudFront's `CloudFront-Viewer-Address` header ("ip:port", the IP
 * an IPv4 or IPv6 address), or undefined when the value is not one.
 */
export function viewerAddress(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const separator = header.lastIndexOf(':');
  if (separator <= 0 || !/^\d{1,5}$/.test(header.slice(separator + 1))) return undefined;
  const address = header.slice(0, separator);
  return isIP(address) ? address : undefined;
}
