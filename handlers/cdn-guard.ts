import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { loadConfig } from '../shared/config';
import { createLogger } from '../shared/logging/logger';
import { createSecretReader } from '../shared/secrets/secret-reader';
import { createCdnGuardHandler } from './cdn-guard/cdn-guard-handler';
import { createOriginVerifier } from './cdn-guard/origin-verifier';

// Module scope runs once per container; the secret is fetched on the first invocation and kept.
const config = loadConfig(undefined, { required: ['CDN_ORIGIN_SECRET_ARN'] });
const secretArn = config.cdn.originSecretArn ?? '';
const logger = createLogger(config.logLevel, { service: 'cdn-guard' });
const guard = createCdnGuardHandler({
  verify: createOriginVerifier(createSecretReader({ region: config.aws.region }), secretArn),
  logger,
});

/** The HTTP API's authorizer: only requests that came through the CDN reach the routes. */
export const handler = (event: APIGatewayRequestAuthorizerEventV2) => guard(event);
