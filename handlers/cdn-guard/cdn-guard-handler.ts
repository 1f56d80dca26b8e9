import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import type { Logger } from '../../shared/logging/logger';
import { ORIGIN_VERIFY_HEADER, VIA_CLOUDFRONT } from '../lambda/cdn-proof';

export type CdnGuardResult = APIGatewaySimpleAuthorizerWithContextResult<
  typeof VIA_CLOUDFRONT | Record<string, never>
>;

/**
 * The HTTP API's Lambda authorizer (simple responses): a request is let through only when it
 * carries CloudFront's origin-verify header with the secret's value, and it then carries
 * VIA_CLOUDFRONT in its request context (proof the functions may rely on). API Gateway caches the
 * answer per header value, so the secret is checked once per value and cache period, not per
 * request, and a request without the header is refused by the gateway without invoking it.
 */
export function createCdnGuardHandler(deps: {
  verify: (presented: string | undefined) => Promise<boolean>;
  logger: Logger;
}) {
  return async (event: APIGatewayRequestAuthorizerEventV2): Promise<CdnGuardResult> => {
    if (await deps.verify(event.headers?.[ORIGIN_VERIFY_HEADER])) {
      return { isAuthorized: true, context: VIA_CLOUDFRONT };
    }
    deps.logger.warn(
      { sourceIp: event.requestContext.http.sourceIp, routeKey: event.routeKey },
      'request without the CDN origin secret refused',
    );
    return { isAuthorized: false, context: {} };
  };
}
