import { randomBytes } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { createCdnGuardHandler } from '../../handlers/cdn-guard/cdn-guard-handler';
import { createOriginVerifier } from '../../handlers/cdn-guard/origin-verifier';
import { createLogger } from '../../shared/logging/logger';
import type { SecretReader } from '../../shared/secrets/secret-reader';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn-origin';
const newSecretValue = () => randomBytes(32).toString('base64url');

/** Secrets Manager at the system's edge, holding the CDN origin secret. */
function originSecret(value: Record<string, string>): SecretReader {
  return {
    getSecretString: (arn) =>
      arn === SECRET_ARN
        ? Promise.resolve(JSON.stringify(value))
        : Promise.reject(new Error(`no secret ${arn}`)),
  };
}

/** An authorizer event as the HTTP API sends it (payload 2.0), with the request's headers. */
function authorizerEvent(headers: Record<string, string>): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api/$default/POST/api/v1/auth/login',
    identitySource: Object.values(headers),
    routeKey: 'POST /api/v1/auth/login',
    rawPath: '/api/v1/auth/login',
    rawQueryString: '',
    cookies: [],
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'api',
      http: {
        method: 'POST',
        path: '/api/v1/auth/login',
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.9',
        userAgent: 'curl',
      },
      requestId: 'request',
      routeKey: 'POST /api/v1/auth/login',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}

const guardWith = (secret: Record<string, string>) =>
  createCdnGuardHandler({
    verify: createOriginVerifier(originSecret(secret), SECRET_ARN),
    logger: createLogger('silent'),
  });

describe('the cdn-guard authorizer in front of the execute-api endpoint', () => {
  test('when CloudFront sends the secret, then the request passes and carries the proof of CloudFront', async () => {
    const value = newSecretValue();

    const result = await guardWith({ value })(authorizerEvent({ 'x-origin-verify': value }));

    expect(result).toEqual({ isAuthorized: true, context: { via: 'cloudfront' } });
  });

  test('when a client calls the endpoint directly, without the header or with a wrong value, then it is refused', async () => {
    const value = newSecretValue();
    const guard = guardWith({ value });

    const results = await Promise.all([
      guard(authorizerEvent({})),
      guard(authorizerEvent({ 'x-origin-verify': '' })),
      guard(authorizerEvent({ 'x-origin-verify': newSecretValue() })),
      guard(authorizerEvent({ 'x-origin-verify': value.slice(0, -1) })),
      guard(authorizerEvent({ 'x-origin-verify': `${value}x` })),
    ]);

    expect(results.map((result) => result.isAuthorized)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(results.map((result) => result.context)).toEqual([{}, {}, {}, {}, {}]);
  });

  test('when a rotation is propagating, then the previous value still passes and a third does not', async () => {
    const previous = newSecretValue();
    const value = newSecretValue();
    const guard = guardWith({ value, previous });

    const [fromOldEdge, fromNewEdge, other] = await Promise.all([
      guard(authorizerEvent({ 'x-origin-verify': previous })),
      guard(authorizerEvent({ 'x-origin-verify': value })),
      guard(authorizerEvent({ 'x-origin-verify': newSecretValue() })),
    ]);

    expect([fromOldEdge.isAuthorized, fromNewEdge.isAuthorized, other.isAuthorized]).toEqual([
      true,
      true,
      false,
    ]);
  });

  test('when the secret is not the JSON the guard expects, then it fails loudly instead of letting anything through', async () => {
    const guard = guardWith({ previous: newSecretValue() });

    await expect(guard(authorizerEvent({ 'x-origin-verify': 'anything' }))).rejects.toThrow(
      /lacks a value/,
    );
  });
});
