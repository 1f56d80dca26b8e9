import { inspectCoverHeader } from '../../shared/covers/cover-renditions';
import { putCoverRenditions } from '../../shared/covers/cover-storage';
import { notFound } from '../../shared/errors/app-error';
import type { BookJson } from '../../shared/api/response-schemas';
import type { CoverRendering } from '../covers/cover-rendering';
import type { OriginContext } from '../origin-context';
import { assertSellerOwnsBook } from './book-ownership';

/**
 * Replaces a book's cover with the uploaded image: its header checked before any pixel is decoded,
 * then rendered to WebP (no metadata) in one of the process's render slots, stored under content
 * hashes and recorded. The previous renditions are released, not removed: the housekeeping sweep
 * removes them once no book uses them and no cached catalog answer can still name them.
 */
export async function setBookCover(
  ctx: OriginContext,
  rendering: CoverRendering,
  sellerId: number,
  bookId: number,
  image: Buffer,
): Promise<BookJson> {
  await assertSellerOwnsBook(ctx, bookId, sellerId);
  await inspectCoverHeader(image);
  const renditions = await rendering.slots.run(() => rendering.render(image));
  // Objects first, then the row: a book never points at a cover that is not stored yet.
  const keys = await putCoverRenditions(ctx.covers, renditions);
  const bytes = new Map([renditions.large, renditions.thumbnail].map((r) => [r.key, r.bytes]));
  const book = await ctx.books.replaceCoverOfSeller(
    bookId,
    sellerId,
    { keys, store: (key) => ctx.covers.put(key, bytes.get(key) as Buffer) },
    ctx.now(),
  );
  if (!book) throw notFound('Book');
  return book;
}

/** Takes the cover off a seller's book; its renditions are released as a replaced cover's are. */
export async function removeBookCover(
  ctx: OriginContext,
  sellerId: number,
  bookId: number,
): Promise<BookJson> {
  await assertSellerOwnsBook(ctx, bookId, sellerId);
  const book = await ctx.books.replaceCoverOfSeller(bookId, sellerId, null, ctx.now());
  if (!book) throw notFound('Book');
  return book;
}
