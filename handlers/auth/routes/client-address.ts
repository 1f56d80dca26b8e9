import type { Request } from 'express';
import { cameThroughCloudFront, viewerAddress } from '../../lambda/cdn-proof';

/**
 * The caller's address the throttles count against. Behind the CDN, API Gateway's source IP is a
 * CloudFront edge address shared by many clients, so the viewer's own address is taken from
 * `CloudFront-Viewer-Address`, but only when the authorizer proved the request came through
 * CloudFront (the header is then CloudFront's, not the client's). Otherwise the source IP
 * (serverless-http's req.ip); a client-sent X-Forwarded-For or CloudFront-Viewer-Address is never
 * trusted.
 */
export function clientAddress(req: Request): string {
  const { requestContext } = req as Request & { requestContext?: unknown };
  if (cameThroughCloudFront(requestContext)) {
    const viewer = viewerAddress(req.get('cloudfront-viewer-address'));
    if (viewer) return viewer;
  }
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
