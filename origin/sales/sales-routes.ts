import { Router, type RequestHandler } from 'express';
import { principalOf } from '../../shared/http/require-auth';
import { encodeCursor, parsePageQuery } from '../http/request-inputs';
import type { OriginContext } from '../origin-context';
import { listMySales } from './list-my-sales';

/** A seller's view of what sold: GET /api/v1/me/sales. */
export function salesRoutes(ctx: OriginContext, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/me/sales', authenticate, async (req, res) => {
    const page = parsePageQuery(req.query);
    const { items, lastId, hasMore } = await listMySales(ctx, principalOf(res).userId, page);
    res.json({ items, nextCursor: encodeCursor(lastId, hasMore) });
  });

  return router;
}
