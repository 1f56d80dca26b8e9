import type { RequestHandler } from 'express';

/**
 * For answers about the caller (their orders, their books): no cache, shared or private, may keep
 * them, so a CDN never serves one buyer's orders to another and a shared computer keeps no copy.
 */
export const personalAnswer: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'private, no-store');
  next();
};
