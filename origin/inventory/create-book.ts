import type { BookJson } from '../../shared/api/response-schemas';
import type { OriginContext } from '../origin-context';
import type { CreateBookInput } from '../../shared/api/book-input-schemas';

/** Lists a new book for sale; the seller is the caller, whatever the input says. */
export function createBook(
  ctx: OriginContext,
  sellerId: number,
  input: CreateBookInput,
): Promise<BookJson> {
  return ctx.books.insert(sellerId, {
    title: input.title,
    author: input.author,
    description: input.description,
    isbn: input.isbn ?? null,
    condition: input.condition,
    category: input.category ?? null,
    priceCents: input.priceCents,
    stock: input.stock,
  });
}
