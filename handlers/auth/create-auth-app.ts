import type { Express, RequestHandler } from 'express';
import type { SigningKeyProvider } from '../../shared/auth/signing-key';
import type { Config } from '../../shared/config';
import type { Database } from '../../shared/db/create-database';
import { createLoginThrottleRepository } from '../../shared/db/repositories/login-throttle-repository';
import { createRefreshTokenRepository } from '../../shared/db/repositories/refresh-token-repository';
import { createUserRepository } from '../../shared/db/repositories/user-repository';
import { requireAdmin, requireAuth } from '../../shared/http/require-auth';
import type { Logger } from '../../shared/logging/logger';
import { createApiApp } from '../../shared/http/api-app';
import { awsRequestIdOf } from '../lambda/aws-request-id';
import { createAccessTokens } from './access-tokens';
import type { AuthContext } from './auth-context';
import { jwksRoute } from './routes/jwks-route';
import { listUsersRoute } from './routes/list-users-route';
import { loginRoute } from './routes/login-route';
import { logoutRoute } from './routes/logout-route';
import { meRoute } from './routes/me-route';
import { refreshRoute } from './routes/refresh-route';
import { registerRoute } from './routes/register-route';

/** What the auth function is built from. */
export interface AuthAppDependencies {
  config: Pick<Config, 'jwt' | 'cookies' | 'loginThrottle' | 'registrationThrottle'>;
  logger: Logger;
  db: Database;
  signingKeys: SigningKeyProvider;
  /** The clock (tests move it to expire throttles and tokens). */
  now?: () => Date;
}

/** Tokens and personal data must never sit in a shared cache. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * The auth function: register, login, refresh, logout, me, the admin user list and the JWKS.
 * Routes → use cases → repositories; the Lambda file wraps this app with serverless-http.
 */
export function createAuthApp(deps: AuthAppDependencies): Express {
  const ctx: AuthContext = {
    config: deps.config,
    users: createUserRepository(deps.db),
    refreshTokens: createRefreshTokenRepository(deps.db),
    throttles: createLoginThrottleRepository(deps.db),
    tokens: createAccessTokens(deps.config.jwt, deps.signingKeys),
    now: deps.now ?? (() => new Date()),
  };
  const secureCookie = deps.config.cookies.secure;
  const bearer = requireAuth(ctx.tokens.verifier, ctx.users);

  return createApiApp({
    requestIdOf: awsRequestIdOf,
    parseJson: true,
    logger: deps.logger,
    etag: false,
    routes(app) {
      app.use(noStore);
      app.post('/api/v1/auth/register', registerRoute(ctx));
      app.post('/api/v1/auth/login', loginRoute(ctx, secureCookie));
      app.post('/api/v1/auth/refresh', refreshRoute(ctx, secureCookie));
      app.post('/api/v1/auth/logout', logoutRoute(ctx, secureCookie));
      app.get('/api/v1/auth/me', bearer, meRoute(ctx));
      app.get('/api/v1/users', bearer, requireAdmin(), listUsersRoute(ctx));
      app.get('/.well-known/jwks.json', jwksRoute(ctx));
    },
  });
}
