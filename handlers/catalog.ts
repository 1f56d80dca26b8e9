import serverless from 'serverless-http';
import { createCatalogApp } from './catalog/create-catalog-app';
import { createLambdaRuntime } from './lambda/lambda-runtime';

// Module scope runs once per container: the configuration and database built here serve every
// invocation the container handles.
const runtime = createLambdaRuntime('catalog');

/** The catalog Lambda function (API Gateway HTTP API, payload format 2.0). */
export const handler = serverless(
  createCatalogApp({
    logger: runtime.logger,
    db: runtime.db,
    pageCacheTtlMs: runtime.config.catalog.cacheTtlMs,
    shopCountry: runtime.config.shopCountry,
    statementLimitMs: runtime.config.catalog.statementLimitMs,
  }),
  runtime.invocationHooks,
);
