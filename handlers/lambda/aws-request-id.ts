import type { Request } from 'express';

/** The Lambda request id serverless-http passes along with the event (absent outside Lambda). */
export function awsRequestIdOf(req: Request): string | undefined {
  const context = (req as Request & { apiGateway?: { context?: { awsRequestId?: unknown } } })
    .apiGateway?.context;
  return typeof context?.awsRequestId === 'string' && context.awsRequestId
    ? context.awsRequestId
    : undefined;
}
