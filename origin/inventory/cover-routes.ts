import { Router, type RequestHandler } from 'express';
import { principalOf } from '../../shared/http/require-auth';
import { parseInput } from '../../shared/http/parse-input';
import { idPathParams, noQuery } from '../../shared/http/request-inputs';
import type { CoverRendering } from '../covers/cover-rendering';
import type { OriginContext } from '../origin-context';
import { removeBookCover, setBookCover } from './book-cover';
import { readCoverUpload } from './cover-upload';
import type { BookAnswer } from '../../shared/api/response-schemas';

/**
 * A seller's book cover: PUT the image itself as the body, DELETE to remove it. Mounted before the
 * JSON body parser, which would refuse an image body.
 */
export function coverRoutes(
  ctx: OriginContext,
  rendering: CoverRendering,
  authenticate: RequestHandler,
): Router {
  const router = Router();

  router.put('/books/:id/cover', authenticate, async (req, res) => {
    const { id: bookId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const image = await readCoverUpload(req);
    const book = await setBookCover(ctx, rendering, principalOf(res).userId, bookId, image);
    res.json({ book } satisfies BookAnswer);
  });

  router.delete('/books/:id/cover', authenticate, async (req, res) => {
    const { id: bookId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    await removeBookCover(ctx, principalOf(res).userId, bookId);
    res.status(204).end();
  });

  return router;
}
