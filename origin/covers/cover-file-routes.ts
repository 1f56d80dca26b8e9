import { resolve } from 'node:path';
import express, { Router } from 'express';
import { COVER_CACHE_CONTROL, COVER_CONTENT_TYPE } from '../../shared/covers/cover-storage';
import { notFound } from '../../shared/errors/app-error';

/**
 * /covers/<key>.webp from the local covers folder, with the headers S3 and the CDN give them in
 * AWS: a key is its content's hash, so the file never changes and caches may keep it a year.
 */
export function coverFileRoutes(directory: string): Router {
  const router = Router();
  router.use(
    '/covers',
    express.static(resolve(directory), {
      index: false,
      redirect: false,
      // Half-written files are dot files (disk adapter), never served.
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders: (res) => {
        res.setHeader('Cache-Control', COVER_CACHE_CONTROL);
        res.setHeader('Content-Type', COVER_CONTENT_TYPE);
      },
    }),
    (_req, _res, next) => next(notFound('Cover')),
  );
  return router;
}
