import express, { type Express } from 'express';
import type { TokenVerifier } from '../shared/auth/token-verifier';
import type { Config } from '../shared/config';
import type { CoverStorage } from '../shared/covers/cover-storage';
import type { Database } from '../shared/db/create-database';
import { createUserRepository } from '../shared/db/repositories/user-repository';
import { cors } from '../shared/http/cors';
import { errorHandler } from '../shared/http/error-handler';
import { jsonBodyParser } from '../shared/http/json-body';
import { notFoundHandler } from '../shared/http/not-found';
import { requestContext } from '../shared/http/request-context';
import { requireAuth } from '../shared/http/require-auth';
import { securityHeaders } from '../shared/http/security-headers';
import type { Logger } from '../shared/logging/logger';
import { coverFileRoutes } from './covers/cover-file-routes';
import { createCoverRendering, type CoverRendering } from './covers/cover-rendering';
import { docsRoutes } from './docs/docs-routes';
import { closeConnectionsWhileDraining, healthRoutes } from './health/health-routes';
import { createReadiness, type Readiness } from './health/readiness';
import { discardRefusedBodies } from './http/refused-bodies';
import { coverRoutes } from './inventory/cover-routes';
import { inventoryRoutes } from './inventory/inventory-routes';
import { orderRoutes } from './orders/order-routes';
import { createOriginContext } from './origin-context';
import { salesRoutes } from './sales/sales-routes';
import { storefrontRoutes } from './storefront/storefront-routes';

export interface OriginDeps {
  config: Pick<Config, 'orders' | 'storefrontDir' | 'covers' | 'shopCountry'>;
  db: Database;
  /** Where uploaded covers go; with no bucket configured it is the folder served at /covers. */
  coverStorage: CoverStorage;
  logger: Logger;
  /** Verifies access tokens with public keys only. */
  verifier: TokenVerifier;
  readiness?: Readiness;
  /** How covers are rendered; tests hold renders with a renderer of their own. */
  coverRendering?: CoverRendering;
  now?: () => Date;
}

/** Builds the origin's express app: inventory, orders, payment, delivery, health and the storefront. */
export function createOriginApp(deps: OriginDeps): Express {
  const ctx = createOriginContext(deps.db, deps.config, deps.coverStorage, deps.now);
  const readiness = deps.readiness ?? createReadiness();
  const rendering = deps.coverRendering ?? createCoverRendering();
  const authenticate = requireAuth(deps.verifier, createUserRepository(deps.db));

  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(deps.logger));
  app.use(discardRefusedBodies());
  app.use(securityHeaders());
  app.use(cors());
  app.use(closeConnectionsWhileDraining(readiness));
  app.use(healthRoutes(deps.db, readiness, rendering.slots));
  app.use(
    '/api/v1',
    coverRoutes(ctx, rendering, authenticate),
    jsonBodyParser(),
    inventoryRoutes(ctx, authenticate),
    orderRoutes(ctx, authenticate),
    salesRoutes(ctx, authenticate),
  );
  // In AWS the CDN serves covers from the bucket; the origin serves them only from a local folder.
  if (!deps.config.covers.bucket) app.use(coverFileRoutes(deps.config.covers.dir));
  app.use(docsRoutes(deps.config.storefrontDir));
  app.use(storefrontRoutes(deps.config.storefrontDir));
  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}
