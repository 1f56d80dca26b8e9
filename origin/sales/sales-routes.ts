import { Router, type RequestHandler } from 'express';
import { parseInput } from '../../shared/http/parse-input';
import {
  decodeIdCursor,
  encodeIdCursor,
  pageParams,
  querySchema,
} from '../../shared/http/request-inputs';
import { principalOf } from '../../shared/http/require-auth';
import type { OriginContext } from '../origin-context';
import { listMySales } from './list-my-sales';

/** GET /api/v1/me/sales: a page of the caller's sales. */
const mySalesQuerySchema = querySchema(pageParams);

/** A seller's view of what sold: GET /api/v1/me/sales. */
export function salesRoutes(ctx: OriginContext, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/me/sales', authenticate, async (req, res) => {
    const { limit, cursor } = parseInput(mySalesQuerySchema, req.query);
    const { items, lastId, hasMore } = await listMySales(ctx, principalOf(res).userId, {
      limit,
      beforeId: decodeIdCursor(cursor),
    });
    res.json({ items, nextCursor: encodeIdCursor(hasMore ? lastId : undefined) });
  });

  return router;
}
