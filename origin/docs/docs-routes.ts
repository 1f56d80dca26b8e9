import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { notFound } from '../../shared/errors/app-error';

/**
 * The renderer's files the page loads, and nothing else of its package: swagger-ui-dist also ships
 * an index.html and an initializer that fetch a demo document from the internet.
 */
const RENDERER_FILES = new Set(['/swagger-ui.css', '/swagger-ui-bundle.js']);

/**
 * The page's own policy, tighter than the storefront's: every script, style, image and request
 * from this origin only (the OpenAPI document and "Try it out"), no inline or evaluated script, no
 * forms, frames or plugins. The renderer sets styles through the DOM, which a policy allows.
 */
const DOCS_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
};

/**
 * The installed OpenAPI renderer's files (swagger-ui-dist, pinned in package.json), found on the
 * first request for one: an install without it (a checkout not yet `npm install`ed) still starts,
 * and only the reference page's renderer is then missing.
 */
function rendererFiles(): RequestHandler {
  let serve: RequestHandler | undefined;
  return (req, res, next) => {
    serve ??= express.static(dirname(require.resolve('swagger-ui-dist/package.json')), {
      index: false,
      redirect: false,
    });
    serve(req, res, next);
  };
}

/**
 * `/docs`: the API reference for people, the OpenAPI document at /api/v1/openapi.json rendered by
 * Swagger UI, entirely from this origin (DESIGN.md: offline, no CDN). The page and its script are
 * in the storefront's folder (`docs/`); the renderer comes from node_modules. Without the page's
 * files (not built yet) everything falls through to the 404 problem, as the storefront does.
 */
export function docsRoutes(storefrontDirectory: string): Router {
  const pageDirectory = resolve(storefrontDirectory, 'docs');
  const pageFile = join(pageDirectory, 'index.html');
  const router = Router();

  router.use('/docs', helmet.contentSecurityPolicy(DOCS_CSP));
  router.get('/docs', (_req, res, next) => {
    if (!existsSync(pageFile)) return next();
    res.set('Cache-Control', 'no-cache');
    res.sendFile(pageFile, (error) => {
      if (error && !res.headersSent) next();
    });
  });
  router.use(
    '/docs/renderer',
    (req, _res, next) => (RENDERER_FILES.has(req.path) ? next() : next(notFound('File'))),
    rendererFiles(),
  );
  router.use(
    '/docs',
    express.static(pageDirectory, { index: false, redirect: false, dotfiles: 'ignore' }),
    // Nothing else under /docs: not the storefront's page either.
    (_req, _res, next) => next(notFound('File')),
  );
  return router;
}
