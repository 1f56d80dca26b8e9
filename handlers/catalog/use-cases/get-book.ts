import type { CatalogBook } from '../repositories/book-catalog-repository';
import { notFound } from '../../../shared/errors/app-error';
import type { CatalogContext } from '../catalog-context';

/** A listed book; unknown and deleted books are both 404. */
export async function getBook(ctx: CatalogContext, id: number): Promise<CatalogBook> {
  const book = await ctx.books.find(id);
  if (!book) throw notFound('The book');
  return book;
}
