import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import { sendCacheable, serializeAnswer } from '../cache-headers';
import type { CatalogContext } from '../catalog-context';
import { wantsFreshAnswer } from '../page-cache';
import type { CategoryList } from '../../../shared/api/response-schemas';

/** The most categories the list shows: a storefront's filter, not an export of every spelling. */
export const CATEGORY_LIST_MAX = 100;

/** GET /api/v1/categories → { items: [{ category, bookCount }] }, most books first. */
export function listCategoriesRoute(ctx: CatalogContext): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    const answer = await ctx.pages.get(
      'categories',
      async () =>
        serializeAnswer<CategoryList>({
          items: await ctx.categories.mostBooks(CATEGORY_LIST_MAX),
        }),
      wantsFreshAnswer(req.get('cache-control')),
    );
    sendCacheable(res, answer);
  };
}
