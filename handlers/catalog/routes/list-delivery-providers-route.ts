import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { sendCacheable, serializeAnswer } from '../cache-headers';
import type { CatalogContext } from '../catalog-context';
import { wantsFreshAnswer } from '../page-cache';
import { listDeliveryProviders } from '../use-cases/list-delivery-providers';
import { deliveryProvidersQuery } from '../../../shared/api/catalog-schemas';
import type { DeliveryProviderList } from '../../../shared/api/response-schemas';

/** GET /api/v1/delivery-providers[?country=XX] → { items, nextCursor: null } (a short, fixed list). */
export function listDeliveryProvidersRoute(ctx: CatalogContext): RequestHandler {
  return async (req, res) => {
    const { country } = parseInput(deliveryProvidersQuery, req.query);
    const answer = await ctx.pages.get(
      `delivery-providers:${country ?? '*'}`,
      async () =>
        serializeAnswer<DeliveryProviderList>({
          items: await listDeliveryProviders(ctx, country),
          nextCursor: null,
        }),
      wantsFreshAnswer(req.get('cache-control')),
    );
    sendCacheable(res, answer);
  };
}
