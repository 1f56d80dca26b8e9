import { generateKeyPairSync } from 'node:crypto';
import serverless from 'serverless-http';
import { createSigningKeyProvider, type SigningKey } from '../../shared/auth/signing-key';
import { createTokenSigner } from '../../shared/auth/token-signer';
import type { Database } from '../../shared/db/create-database';
import type { UserRole } from '../../shared/domain/user-roles';
import { createLogger, type Logger } from '../../shared/logging/logger';
import { createAuthApp } from '../../handlers/auth/create-auth-app';
import {
  apiGatewayEvent,
  invokeHandler,
  type EventOptions,
  type LambdaHandler,
  type LambdaResponse,
} from '../support/api-gateway-event';
import { testConfig } from '../support/test-config';
import { openTestDatabase } from '../support/test-database';

/** A clock the test moves forward (throttle windows, refresh token expiry). */
export interface TestClock {
  now(): Date;
  advanceSeconds(seconds: number): void;
}

export function createTestClock(): TestClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advanceSeconds(seconds) {
      offsetMs += seconds * 1000;
    },
  };
}

/** The auth function of one test file: the real app on its own test database, invoked through serverless-http. */
export interface AuthFunction {
  db: Database;
  signingKey: SigningKey;
  clock: TestClock;
  handler: LambdaHandler;
  invoke(options: EventOptions): Promise<LambdaResponse>;
  /** An Authorization header value for a user, signed with the function's own key. */
  bearerFor(user: { id: number; role: UserRole }): Promise<string>;
  close(): Promise<void>;
}

export const LOGIN_LIMITS = { account: 5, client: 20, windowSeconds: 900 };

/** Generates an Ed25519 private key in PKCS#8 PEM, as JWT_PRIVATE_KEY holds it. */
export function generatePrivateKeyPem(): string {
  return generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

/** Builds the auth app exactly as handlers/auth.ts does, with a test database, a fresh key and a movable clock. */
export async function startAuthFunction(
  options: { logger?: Logger; env?: NodeJS.ProcessEnv; db?: Database } = {},
): Promise<AuthFunction> {
  const config = testConfig({
    JWT_PRIVATE_KEY: generatePrivateKeyPem(),
    LOGIN_THROTTLE_MAX_ACCOUNT_FAILURES: String(LOGIN_LIMITS.account),
    LOGIN_THROTTLE_MAX_CLIENT_FAILURES: String(LOGIN_LIMITS.client),
    LOGIN_THROTTLE_WINDOW_SECONDS: String(LOGIN_LIMITS.windowSeconds),
    ...options.env,
  });
  // One database per test file: the model classes bind to the last connection that defined them.
  const db = options.db ?? openTestDatabase();
  const clock = createTestClock();
  const signingKeys = createSigningKeyProvider({
    jwt: config.jwt,
    env: config.env,
    secrets: { getSecretString: () => Promise.reject(new Error('no secrets in this test')) },
  });
  const signingKey = await signingKeys.current();
  const signer = createTokenSigner({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTokenTtlSeconds,
    privateKey: signingKey.privateKey,
    keyId: signingKey.keyId,
  });
  const app = createAuthApp({
    config,
    logger: options.logger ?? createLogger('silent'),
    db,
    signingKeys,
    now: () => clock.now(),
  });
  const handler = serverless(app) as LambdaHandler;
  return {
    db,
    signingKey,
    clock,
    handler,
    invoke: (event) =>
      invokeHandler(handler, apiGatewayEvent(event), undefined, {
        outsideContract: event.outsideContract,
      }),
    async bearerFor(user) {
      const { accessToken } = await signer.sign({ userId: user.id, role: user.role });
      return `Bearer ${accessToken}`;
    },
    close: () => (options.db ? Promise.resolve() : db.close()),
  };
}

/** The refresh token in a response's Set-Cookie, if it set one (an empty value clears the cookie). */
export function refreshCookieOf(response: LambdaResponse): string | undefined {
  const cookie = response.cookies.find((line) => line.startsWith('refresh_token='));
  return cookie?.slice('refresh_token='.length).split(';')[0];
}
