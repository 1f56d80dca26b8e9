import type { Response } from 'express';

/**
 * Catalog answers are public and may be up to 30 s old; a CDN may serve a stale copy for another
 * minute while it revalidates. Express adds a strong ETag, so a revalidation is a cheap 304.
 */
export const CATALOG_CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=60';

/** Sends a successful catalog answer with CDN caching (errors stay uncached). */
export function sendCacheable(res: Response, body: unknown): void {
  res.set('Cache-Control', CATALOG_CACHE_CONTROL);
  res.json(body);
}
