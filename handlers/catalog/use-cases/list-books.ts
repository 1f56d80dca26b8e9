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

/** One page of the public catalog, with keyset pagination on the sort key and the id. */
export async function listBooks(
  ctx: CatalogContext,
  query: { filters: BookFilters; sort: BookSort; after: BookPosition | undefined; limit: number },
): Promise<BookPage> {
  // One row more than asked tells whether another page exists without counting.
  const rows = await ctx.books.list({ ...query, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => row.book),
    next: rows.length > query.limit ? page.at(-1)?.position : undefined,
  };
}
