import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { decodeBookCursor, encodeBookCursor } from '../book-cursor';
import { sendCacheable, serializeAnswer } from '../cache-headers';
import type { CatalogContext } from '../catalog-context';
import { wantsFreshAnswer } from '../page-cache';
import { listBooks } from '../use-cases/list-books';
import { listBooksQuery } from '../../../shared/api/catalog-schemas';
import type { CatalogBookPage } from '../../../shared/api/response-schemas';

/** GET /api/v1/books?q&author&sellerId&minPriceCents&maxPriceCents&inStock&sort&limit&cursor → { items, nextCursor }. */
export function listBooksRoute(ctx: CatalogContext): RequestHandler {
  return async (req, res) => {
    const { sort, limit, cursor, ...filters } = parseInput(listBooksQuery, req.query);
    const after = cursor === undefined ? undefined : decodeBookCursor(cursor, sort);
    const answer = await ctx.pages.get(
      `books:${JSON.stringify({ filters, sort, limit, cursor })}`,
      async () => {
        const page = await listBooks(ctx, { filters, sort, after, limit });
        return serializeAnswer<CatalogBookPage>({
          items: page.items,
          nextCursor: page.next ? encodeBookCursor(page.next) : null,
        });
      },
      wantsFreshAnswer(req.get('cache-control')),
    );
    sendCacheable(res, answer);
  };
}
