import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { idPathParams, noQuery } from '../../../shared/http/request-inputs';
import { sendCacheable, serializeAnswer } from '../cache-headers';
import type { CatalogContext } from '../catalog-context';
import { wantsFreshAnswer } from '../page-cache';
import { getBook } from '../use-cases/get-book';
import type { CatalogBookAnswer } from '../../../shared/api/response-schemas';

/** GET /api/v1/books/{id} → { book }. */
export function getBookRoute(ctx: CatalogContext): RequestHandler {
  return async (req, res) => {
    const { id } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const answer = await ctx.pages.get(
      `book:${id}`,
      async () => serializeAnswer<CatalogBookAnswer>({ book: await getBook(ctx, id) }),
      wantsFreshAnswer(req.get('cache-control')),
    );
    sendCacheable(res, answer);
  };
}
