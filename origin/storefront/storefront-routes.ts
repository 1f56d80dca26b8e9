import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router } from 'express';

/**
 * The storefront's static files, and its single-page fallback: a browser navigating to a page path
 * (a GET that accepts HTML, outside /api/) gets index.html and the client-side router takes over.
 * Without the files (not built yet) everything falls through to the 404 problem.
 */
export function storefrontRoutes(directory: string): Router {
  const root = resolve(directory);
  const indexFile = join(root, 'index.html');
  const router = Router();

  router.use(express.static(root, { index: 'index.html', redirect: false, fallthrough: true }));

  router.use((req, res, next) => {
    const isPageRequest =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !req.path.startsWith('/api/') &&
      (req.get('accept') ?? '').includes('text/html');
    if (!isPageRequest || !existsSync(indexFile)) return next();
    res.set('Cache-Control', 'no-cache');
    res.sendFile(indexFile, (error) => {
      if (error && !res.headersSent) next();
    });
  });

  return router;
}
