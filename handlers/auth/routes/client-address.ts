import type { Request } from 'express';

/** The caller's address the throttles count against (API Gateway's source IP, via serverless-http). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
