import { Router, type RequestHandler } from 'express';
import { parseInput } from '../../shared/http/parse-input';
import { mySalesQuerySchema } from '../../shared/api/sales-input-schema';
import { decodeIdCursor, idPageAnswer } from '../../shared/http/request-inputs';
import { principalOf } from '../../shared/http/require-auth';
import type { OriginContext } from '../origin-context';
import { listMySales } from './list-my-sales';
import type { SalePage } from '../../shared/api/response-schemas';

/** A seller's view of what sold: GET /api/v1/me/sales. */
export function salesRoutes(ctx: OriginContext, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/me/sales', authenticate, async (req, res) => {
    const { limit, cursor } = parseInput(mySalesQuerySchema, req.query);
    const page = await listMySales(ctx, principalOf(res).userId, {
      limit,
      beforeId: decodeIdCursor(cursor),
    });
    res.json(idPageAnswer(page) satisfies SalePage);
  });

  return router;
}
