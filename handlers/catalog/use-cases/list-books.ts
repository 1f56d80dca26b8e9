import type {
  BookFilters,
  BookPosition,
  CatalogBook,
} from '../repositories/book-catalog-repository';
import type { BookSort } from '../../../shared/domain/book-sorts';
import type { CatalogContext } from '../catalog-context';

export interface BookPage {
  items: CatalogBook[];
  /** Where the next page starts, or undefined on the last page. */
  next: BookPosition | undefined;
}

function positionOf(book: CatalogBook, sort: BookSort): BookPosition {
  switch (sort) {
    case 'newest':
      return { sort, createdAt: new Date(book.createdAt), id: book.id };
    case 'price_asc':
    case 'price_desc':
      return { sort, priceCents: book.priceCents, id: book.id };
    case 'title':
      return { sort, title: book.title, id: book.id };
  }
}

/** One page of the public catalog, with keyset pagination on the sort key and the id. */
export async function listBooks(
  ctx: CatalogContext,
  query: { filters: BookFilters; sort: BookSort; after: BookPosition | undefined; limit: number },
): Promise<BookPage> {
  // One row more than asked tells whether another page exists without counting.
  const rows = await ctx.books.list({ ...query, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items,
    next: rows.length > query.limit && last ? positionOf(last, query.sort) : undefined,
  };
}
