import type { Express } from 'express';
import type { TokenVerifier } from '../shared/auth/token-verifier';
import type { Config } from '../shared/config';
import { createApiApp } from '../shared/http/api-app';
import { jsonBodyParser } from '../shared/http/json-body';
import { requireAuth } from '../shared/http/require-auth';
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
import type { OriginContext } from './origin-context';
import { salesRoutes } from './sales/sales-routes';
import { storefrontRoutes } from './storefront/storefront-routes';

export interface OriginDeps {
  config: Pick<Config, 'storefrontDir' | 'covers'>;
  /** The use cases' context: the database, its repositories, the cover storage, the clock. */
  ctx: OriginContext;
  logger: Logger;
  /** Verifies access tokens with public keys only. */
  verifier: TokenVerifier;
  readiness?: Readiness;
  /** How covers are rendered; tests hold renders with a renderer of their own. */
  coverRendering?: CoverRendering;
}

/** Builds the origin's express app: inventory, orders, payment, delivery, health and the storefront. */
export function createOriginApp(deps: OriginDeps): Express {
  const { ctx } = deps;
  const readiness = deps.readiness ?? createReadiness();
  const rendering = deps.coverRendering ?? createCoverRendering();
  const authenticate = requireAuth(deps.verifier, ctx.users);

  return createApiApp({
    logger: deps.logger,
    etag: 'weak',
    // Before anything answers, so a body refused early is read and dropped, not left on the wire.
    first: [discardRefusedBodies()],
    parseJson: false,
    routes(app) {
      app.use(closeConnectionsWhileDraining(readiness));
      app.use(healthRoutes(ctx.db, readiness, rendering.slots));
      app.use(
        '/api/v1',
        coverRoutes(ctx, rendering, authenticate),
        jsonBodyParser(),
        inventoryRoutes(ctx, authenticate),
        orderRoutes(ctx, authenticate),
        salesRoutes(ctx, authenticate),
      );
      // In AWS the CDN serves covers from the bucket; the origin serves them only from a folder.
      if (!deps.config.covers.bucket) app.use(coverFileRoutes(deps.config.covers.dir));
      app.use(docsRoutes(deps.config.storefrontDir));
      app.use(storefrontRoutes(deps.config.storefrontDir));
    },
  });
}
