import { Router, type RequestHandler, type Response } from 'express';
import { loggerOf } from '../../shared/http/request-context';
import { principalOf } from '../../shared/http/require-auth';
import { parseInput } from '../../shared/http/parse-input';
import { idPathParams, noQuery } from '../../shared/http/request-inputs';
import type { OriginContext } from '../origin-context';
import { removeBookCover, setBookCover, type CoverChangeResult } from './book-cover';
import { readCoverUpload } from './cover-upload';
import type { BookAnswer } from '../../shared/api/response-schemas';

function reportLeftovers(res: Response, { leftoverKeys }: CoverChangeResult): void {
  if (leftoverKeys.length > 0)
    loggerOf(res).warn({ leftoverKeys }, 'replaced cover objects could not be removed');
}

/**
 * A seller's book cover: PUT the image itself as the body, DELETE to remove it. Mounted before the
 * JSON body parser, which would refuse an image body.
 */
export function coverRoutes(ctx: OriginContext, authenticate: RequestHandler): Router {
  const router = Router();

  router.put('/books/:id/cover', authenticate, async (req, res) => {
    const { id: bookId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const image = await readCoverUpload(req);
    const result = await setBookCover(ctx, principalOf(res).userId, bookId, image);
    reportLeftovers(res, result);
    res.json({ book: result.book } satisfies BookAnswer);
  });

  router.delete('/books/:id/cover', authenticate, async (req, res) => {
    const { id: bookId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const result = await removeBookCover(ctx, principalOf(res).userId, bookId);
    reportLeftovers(res, result);
    res.status(204).end();
  });

  return router;
}
