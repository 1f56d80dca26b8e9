import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import { sendCacheable } from '../cache-headers';
import type { CatalogContext } from '../catalog-context';
import { wantsFreshAnswer } from '../page-cache';
import { listDeliveryProviders } from '../use-cases/list-delivery-providers';

/** GET /api/v1/delivery-providers → { items, nextCursor: null } (a short, fixed list). */
export function listDeliveryProvidersRoute(ctx: CatalogContext): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    const body = await ctx.pages.get(
      'delivery-providers',
      async () => ({ items: await listDeliveryProviders(ctx), nextCursor: null }),
      wantsFreshAnswer(req.get('cache-control')),
    );
    sendCacheable(res, body);
  };
}
