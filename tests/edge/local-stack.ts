import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalEdge, type LambdaHandler } from '../../edge/local-edge';
import { publicJwks } from '../../shared/auth/signing-key';
import { createTokenVerifier } from '../../shared/auth/token-verifier';
import type { Database } from '../../shared/db/create-database';
import type { UserRole } from '../../shared/domain/user-roles';
import { createLogger, type Logger } from '../../shared/logging/logger';
import { startAuthFunction, type AuthFunction } from '../handlers/auth-function';
import { startCatalogFunction } from '../handlers/catalog-function';
import { startOriginTestApp, type OriginTestApp } from '../origin/origin-test-app';
import { testConfig } from '../support/test-config';
import { openTestDatabase } from '../support/test-database';

/** The whole service in-process: the real origin, auth and catalog apps, behind the real local edge. */
export interface LocalStack {
  db: Database;
  /** The edge's base URL: every request goes through it, as with `npm start`. */
  baseUrl: string;
  /** The edge's server, for tests that watch its requests arrive. */
  edge: Server;
  origin: OriginTestApp;
  auth: AuthFunction;
  /** A bearer header for a user, signed by the auth function as a login would. */
  originBearer(user: { id: number; role: UserRole }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the stack over one test database (the model classes bind to one connection per file):
 * the file's own, or `db` when the test prepared one. The origin accepts the tokens the auth
 * function issues, so a client can log in and then order, as against `npm start`. The edge and
 * the origin log to `logger`, by default nowhere.
 */
export async function startLocalStack(
  options: { db?: Database; logger?: Logger } = {},
): Promise<LocalStack> {
  const logger = options.logger ?? createLogger('silent');
  const db = options.db ?? openTestDatabase(10);
  const auth = await startAuthFunction({ db });
  const { jwt } = testConfig();
  const verifier = createTokenVerifier({
    issuer: jwt.issuer,
    audience: jwt.audience,
    keySource: { jwks: publicJwks(auth.signingKey) },
    maxTokenAgeSeconds: jwt.accessTokenTtlSeconds,
  });
  const origin = await startOriginTestApp({ db, verifier, logger });
  const catalog = startCatalogFunction({ db });
  const edge: Server = createLocalEdge({
    functions: {
      auth: auth.handler as unknown as LambdaHandler,
      catalog: catalog.handler as unknown as LambdaHandler,
    },
    originUrl: origin.baseUrl,
    logger,
  });
  await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
  return {
    db,
    baseUrl: `http://127.0.0.1:${(edge.address() as AddressInfo).port}`,
    edge,
    origin,
    auth,
    originBearer: (user) => auth.bearerFor(user),
    async close() {
      edge.closeAllConnections();
      await new Promise((resolve) => edge.close(resolve));
      await origin.close();
      await db.close();
    },
  };
}
