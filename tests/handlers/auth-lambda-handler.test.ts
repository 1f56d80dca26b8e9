import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  apiGatewayEvent,
  invokeHandler,
  type LambdaHandler,
  type LambdaResponse,
} from '../support/api-gateway-event';
import { unique } from '../support/factories';
import { generatePrivateKeyPem, refreshCookieOf } from './auth-function';
import { freshDatabaseUrl } from './database-url';
import {
  importExportedHandler,
  type ExportedLambdaHandler,
} from '../support/exported-lambda-handler';

const SIGNING_KEY_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:bookstore/jwt-signing-key-AbCdEf';

// The exported handler of handlers/auth.ts, configured through the environment as in AWS: the
// signing key from Secrets Manager (mocked), the database from DATABASE_URL.
describe('the exported auth Lambda handler', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  const savedEnv = { ...process.env };
  const signingKeyPem = generatePrivateKeyPem();
  let exported: ExportedLambdaHandler;
  let handler: LambdaHandler;

  beforeAll(async () => {
    Object.assign(process.env, {
      DATABASE_URL: freshDatabaseUrl(),
      JWT_SIGNING_KEY_SECRET_ARN: SIGNING_KEY_ARN,
      AWS_REGION: 'us-east-1',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
    });
    exported = await importExportedHandler('auth');
    ({ handler } = exported);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await exported.close();
  });

  beforeEach(() => {
    secretsManager.reset();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: signingKeyPem });
  });

  const invoke = (options: Parameters<typeof apiGatewayEvent>[0]): Promise<LambdaResponse> =>
    invokeHandler(handler, apiGatewayEvent(options));

  test('when an account registers, signs in, refreshes and reads itself, then each invocation answers from the same container state', async () => {
    const account = {
      name: 'Lambda User',
      email: `${unique('lambda')}@example.test`,
      password: 'through the real handler',
    };

    const registered = await invoke({
      method: 'POST',
      path: '/api/v1/auth/register',
      body: account,
    });
    const login = await invoke({
      method: 'POST',
      path: '/api/v1/auth/login',
      body: { email: account.email, password: account.password },
    });
    const refreshed = await invoke({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      cookies: [`refresh_token=${refreshCookieOf(login) ?? ''}`],
    });
    const me = await invoke({
      path: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${refreshed.json.accessToken as string}` },
    });

    expect([registered.statusCode, login.statusCode, refreshed.statusCode, me.statusCode]).toEqual([
      201, 200, 200, 200,
    ]);
    expect(me.json.user.email).toBe(account.email);
  });

  test('when the container serves many invocations, then the signing key was fetched from Secrets Manager only once', async () => {
    const first = await invoke({ path: '/.well-known/jwks.json' });
    const second = await invoke({ path: '/.well-known/jwks.json' });

    expect(second.json).toEqual(first.json);
    // The first test of this file already loaded the key: no further fetches since the reset.
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  test('when invocations overlap, then each is answered', async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => invoke({ path: '/.well-known/jwks.json' })),
    );

    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
  });

  test('when an invocation has a Lambda request id, then the answer carries it', async () => {
    const response = await invokeHandler(handler, apiGatewayEvent({ path: '/api/v1/auth/me' }), {
      ...(await import('../support/api-gateway-event')).fakeLambdaContext('aws-request-42'),
    });

    expect(response.statusCode).toBe(401);
    expect(response.headers['x-request-id']).toBe('aws-request-42');
  });
});
