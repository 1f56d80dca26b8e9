import { Router, type RequestHandler } from 'express';
import { parseInput } from '../../shared/http/parse-input';
import {
  decodeIdCursor,
  idPageAnswer,
  idPathParams,
  noQuery,
} from '../../shared/http/request-inputs';
import { principalOf } from '../../shared/http/require-auth';
import type { OriginContext } from '../origin-context';
import {
  createBookSchema,
  myBooksQuerySchema,
  updateBookSchema,
} from '../../shared/api/book-input-schemas';
import { createBook } from './create-book';
import { deleteBook } from './delete-book';
import { listMyBooks } from './list-my-books';
import { updateBook } from './update-book';
import type { BookAnswer, BookPage } from '../../shared/api/response-schemas';

/** Seller inventory: create, edit, delete a book; list my books. All need a signed-in caller. */
export function inventoryRoutes(ctx: OriginContext, authenticate: RequestHandler): Router {
  const router = Router();

  router.post('/books', authenticate, async (req, res) => {
    parseInput(noQuery, req.query);
    const input = parseInput(createBookSchema, req.body);
    const book = await createBook(ctx, principalOf(res).userId, input);
    res
      .status(201)
      .location(`/api/v1/books/${book.id}`)
      .json({ book } satisfies BookAnswer);
  });

  router.patch('/books/:id', authenticate, async (req, res) => {
    const { id: bookId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    const input = parseInput(updateBookSchema, req.body);
    const book = await updateBook(ctx, principalOf(res).userId, bookId, input);
    res.json({ book } satisfies BookAnswer);
  });

  router.delete('/books/:id', authenticate, async (req, res) => {
    const { id: bookId } = parseInput(idPathParams, req.params);
    parseInput(noQuery, req.query);
    await deleteBook(ctx, principalOf(res).userId, bookId);
    res.status(204).end();
  });

  router.get('/me/books', authenticate, async (req, res) => {
    const { limit, cursor } = parseInput(myBooksQuerySchema, req.query);
    const page = await listMyBooks(ctx, principalOf(res).userId, {
      limit,
      beforeId: decodeIdCursor(cursor),
    });
    res.json(idPageAnswer(page) satisfies BookPage);
  });

  return router;
}
