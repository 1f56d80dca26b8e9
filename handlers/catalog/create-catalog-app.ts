import type { Express } from 'express';
import type { Database } from '../../shared/db/create-database';
import { createBookCatalogRepository } from './repositories/book-catalog-repository';
import type { Logger } from '../../shared/logging/logger';
import { createApiApp } from '../../shared/http/api-app';
import { awsRequestIdOf } from '../lambda/aws-request-id';
import type { CatalogContext } from './catalog-context';
import { createPageCache } from './page-cache';
import { createDeliveryProviderListRepository } from './repositories/delivery-provider-list-repository';
import { getBookRoute } from './routes/get-book-route';
import { listBooksRoute } from './routes/list-books-route';
import { createCategoryListRepository } from './repositories/category-list-repository';
import { listCategoriesRoute } from './routes/list-categories-route';
import { listDeliveryProvidersRoute } from './routes/list-delivery-providers-route';
import { openApiRoute } from './routes/openapi-route';

/** What the catalog function is built from. */
export interface CatalogAppDependencies {
  logger: Logger;
  db: Database;
  /** How long the container reuses an answer it gave (CATALOG_CACHE_TTL_MS; 0 turns it off). */
  pageCacheTtlMs: number;
  /** SHOP_COUNTRY: where national delivery providers deliver. */
  shopCountry: string;
  /**
   * CATALOG_STATEMENT_LIMIT_MS: after this the database server stops a catalog statement, and the
   * request gets a 503 with Retry-After (MySQL/MariaDB; SQLite has no such ceiling).
   */
  statementLimitMs: number;
}

/**
 * The catalog function: book list and search, book detail, delivery providers, the OpenAPI document. Public, read-only,
 * CDN-cacheable answers with strong ETags (If-None-Match → 304).
 */
export function createCatalogApp(deps: CatalogAppDependencies): Express {
  const ctx: CatalogContext = {
    books: createBookCatalogRepository(deps.db, deps.statementLimitMs),
    categories: createCategoryListRepository(deps.db, deps.statementLimitMs),
    deliveryProviders: createDeliveryProviderListRepository(deps.db, deps.statementLimitMs),
    pages: createPageCache(deps.pageCacheTtlMs),
    shopCountry: deps.shopCountry,
  };
  return createApiApp({
    requestIdOf: awsRequestIdOf,
    parseJson: true,
    logger: deps.logger,
    etag: 'strong',
    routes(app) {
      app.get('/api/v1/books', listBooksRoute(ctx));
      app.get('/api/v1/books/:id', getBookRoute(ctx));
      app.get('/api/v1/categories', listCategoriesRoute(ctx));
      app.get('/api/v1/delivery-providers', listDeliveryProvidersRoute(ctx));
      app.get('/api/v1/openapi.json', openApiRoute());
    },
  });
}
