import type { RequestHandler } from 'express';
import type { JsonObject } from '../../../shared/api/openapi-document';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';

/** The document changes only with a deployment: caches may keep it for five minutes. */
export const OPENAPI_CACHE_CONTROL = 'public, max-age=300';

/**
 * GET /api/v1/openapi.json → the OpenAPI 3.1 document of the whole API, built once per container on
 * its first request. The document module and every schema it describes (the origin's too) are
 * loaded only then: a cold start serving anything else does not evaluate them (esbuild keeps the
 * dynamic import lazy inside the bundle).
 */
export function openApiRoute(): RequestHandler {
  let document: Promise<JsonObject> | undefined;
  return async (req, res) => {
    parseInput(noQuery, req.query);
    document ??= import('../../../shared/api/openapi-document').then((module) =>
      module.buildOpenApiDocument(),
    );
    const body = await document;
    res.set('Cache-Control', OPENAPI_CACHE_CONTROL);
    res.json(body);
  };
}
