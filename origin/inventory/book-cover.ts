import { renderCoverRenditions } from '../../shared/covers/cover-renditions';
import { putCoverRenditions } from '../../shared/covers/cover-storage';
import { notFound } from '../../shared/errors/app-error';
import type { BookJson } from '../../shared/api/response-schemas';
import type { OriginContext } from '../origin-context';
import { assertSellerOwnsBook } from './book-ownership';

/** A cover change, and the objects it could not remove (left for the operator to see in the log). */
export interface CoverChangeResult {
  book: BookJson;
  leftoverKeys: string[];
}

/**
 * Removes the objects of keys no book uses any more. A failure to remove leaves an orphaned object
 * (storage cost only, no wrong answer), so it is reported rather than failing a change already made.
 */
async function removeUnusedObjects(ctx: OriginContext, keys: string[]): Promise<string[]> {
  const leftover: string[] = [];
  for (const key of new Set(keys)) {
    try {
      if (!(await ctx.books.isCoverKeyInUse(key))) await ctx.covers.remove(key);
    } catch {
      leftover.push(key);
    }
  }
  return leftover;
}

/**
 * Replaces a book's cover with the uploaded image: checked and rendered to WebP (no metadata),
 * stored under content hashes, then recorded; the previous renditions go when nothing uses them.
 */
export async function setBookCover(
  ctx: OriginContext,
  sellerId: number,
  bookId: number,
  image: Buffer,
): Promise<CoverChangeResult> {
  await assertSellerOwnsBook(ctx, bookId, sellerId);
  const renditions = await renderCoverRenditions(image);
  // Objects first, then the row: a book never points at a cover that is not stored yet.
  const keys = await putCoverRenditions(ctx.covers, renditions);
  const change = await ctx.books.replaceCoverOfSeller(bookId, sellerId, keys);
  if (!change) {
    await removeUnusedObjects(ctx, [keys.coverKey, keys.thumbnailKey]);
    throw notFound('Book');
  }
  const stale = change.previousKeys.filter(
    (key) => key !== keys.coverKey && key !== keys.thumbnailKey,
  );
  return { book: change.book, leftoverKeys: await removeUnusedObjects(ctx, stale) };
}

/** Takes the cover off a seller's book; its renditions go when no other book uses them. */
export async function removeBookCover(
  ctx: OriginContext,
  sellerId: number,
  bookId: number,
): Promise<CoverChangeResult> {
  await assertSellerOwnsBook(ctx, bookId, sellerId);
  const change = await ctx.books.replaceCoverOfSeller(bookId, sellerId, null);
  if (!change) throw notFound('Book');
  return { book: change.book, leftoverKeys: await removeUnusedObjects(ctx, change.previousKeys) };
}
