import type { RequestHandler } from 'express';
import { buildOpenApiDocument } from '../../../shared/api/openapi-document';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';

/** The document changes only with a deployment: caches may keep it for five minutes. */
export const OPENAPI_CACHE_CONTROL = 'public, max-age=300';

/** GET /api/v1/openapi.json → the OpenAPI 3.1 document of the whole API, built once per container. */
export function openApiRoute(): RequestHandler {
  const document = buildOpenApiDocument();
  return (req, res) => {
    parseInput(noQuery, req.query);
    res.set('Cache-Control', OPENAPI_CACHE_CONTROL);
    res.json(document);
  };
}
