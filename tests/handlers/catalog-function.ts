import serverless from 'serverless-http';
import type { Database } from '../../shared/db/create-database';
import { createLogger, type Logger } from '../../shared/logging/logger';
import { createCatalogApp } from '../../handlers/catalog/create-catalog-app';
import {
  apiGatewayEvent,
  invokeHandler,
  type EventOptions,
  type LambdaHandler,
  type LambdaResponse,
} from '../support/api-gateway-event';
import { testConfig } from '../support/test-config';
import { openTestDatabase } from '../support/test-database';

/** The catalog function of one test file: the real app on its own test database, invoked through serverless-http. */
export interface CatalogFunction {
  db: Database;
  handler: LambdaHandler;
  invoke(options: EventOptions): Promise<LambdaResponse>;
  close(): Promise<void>;
}

export function startCatalogFunction(
  options: {
    logger?: Logger;
    db?: Database;
    pageCacheTtlMs?: number;
    statementLimitMs?: number;
  } = {},
): CatalogFunction {
  // One database per test file: the model classes bind to the last connection that defined them.
  const db = options.db ?? openTestDatabase();
  const handler = serverless(
    createCatalogApp({
      logger: options.logger ?? createLogger('silent'),
      db,
      // Off unless a test is about it: most tests change rows and read them back at once.
      pageCacheTtlMs: options.pageCacheTtlMs ?? 0,
      shopCountry: 'CO',
      // The configured ceiling (CATALOG_STATEMENT_LIMIT_MS) unless a test is about it.
      statementLimitMs: options.statementLimitMs ?? testConfig().catalog.statementLimitMs,
    }),
  ) as LambdaHandler;
  return {
    db,
    handler,
    invoke: (event) =>
      invokeHandler(handler, apiGatewayEvent(event), undefined, {
        outsideContract: event.outsideContract,
      }),
    close: () => (options.db ? Promise.resolve() : db.close()),
  };
}
