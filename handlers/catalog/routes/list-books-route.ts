import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { decodeBookCursor, encodeBookCursor } from '../book-cursor';
import { sendCacheable } from '../cache-headers';
import type { CatalogContext } from '../catalog-context';
import { listBooks } from '../use-cases/list-books';
import { listBooksQuery } from './catalog-schemas';

/** GET /api/v1/books?q&author&sellerId&minPriceCents&maxPriceCents&inStock&sort&limit&cursor → { items, nextCursor }. */
export function listBooksRoute(ctx: CatalogContext): RequestHandler {
  return async (req, res) => {
    const { sort, limit, cursor, ...filters } = parseInput(listBooksQuery, req.query);
    const after = cursor === undefined ? undefined : decodeBookCursor(cursor, sort);
    const page = await listBooks(ctx, { filters, sort, after, limit });
    sendCacheable(res, {
      items: page.items,
      nextCursor: page.next ? encodeBookCursor(page.next) : null,
    });
  };
}
