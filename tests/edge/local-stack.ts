import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalEdge, type LambdaHandler } from '../../edge/local-edge';
import type { Database } from '../../shared/db/create-database';
import type { UserRole } from '../../shared/domain/user-roles';
import { createLogger } from '../../shared/logging/logger';
import { startAuthFunction, type AuthFunction } from '../handlers/auth-function';
import { startCatalogFunction } from '../handlers/catalog-function';
import { startOriginTestApp, type OriginTestApp } from '../origin/origin-test-app';
import { openTestDatabase } from '../support/test-database';

/** The whole service in-process: the real origin, auth and catalog apps, behind the real local edge. */
export interface LocalStack {
  db: Database;
  /** The edge's base URL: every request goes through it, as with `npm start`. */
  baseUrl: string;
  origin: OriginTestApp;
  auth: AuthFunction;
  /** A bearer header the origin accepts for a user. */
  originBearer(user: { id: number; role: UserRole }): Promise<string>;
  close(): Promise<void>;
}

/** Starts the stack over one test database (the model classes bind to one connection per file). */
export async function startLocalStack(): Promise<LocalStack> {
  const db = openTestDatabase(10);
  const origin = await startOriginTestApp({ db });
  const auth = await startAuthFunction({ db });
  const catalog = startCatalogFunction({ db });
  const edge: Server = createLocalEdge({
    functions: {
      auth: auth.handler as unknown as LambdaHandler,
      catalog: catalog.handler as unknown as LambdaHandler,
    },
    originUrl: origin.baseUrl,
    logger: createLogger('silent'),
  });
  await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
  return {
    db,
    baseUrl: `http://127.0.0.1:${(edge.address() as AddressInfo).port}`,
    origin,
    auth,
    originBearer: (user) => origin.keys.bearer(user),
    async close() {
      edge.closeAllConnections();
      await new Promise((resolve) => edge.close(resolve));
      await origin.close();
      await db.close();
    },
  };
}
