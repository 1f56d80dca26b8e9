import { z } from 'zod';
import { BOOK_SORTS } from '../../../shared/db/repositories/book-catalog-repository';
import { textInput } from '../../../shared/http/text-input';

const INT_MAX = 2147483647;

/** A whole number in a query or path parameter: digits only, no sign, no exponent, no spaces. */
const wholeNumber = (min: number, max: number, message: string) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,9})$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));

const bookId = wholeNumber(1, INT_MAX, 'must be a positive whole number');
const cents = wholeNumber(0, INT_MAX, 'must be a whole number of cents');

export const bookIdParams = z.strictObject({ id: bookId });

export const listBooksQuery = z
  .strictObject({
    q: textInput()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .optional(),
    author: textInput()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .optional(),
    sellerId: bookId.optional(),
    minPriceCents: cents.optional(),
    maxPriceCents: cents.optional(),
    inStock: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .transform((value) => value === 'true')
      .optional(),
    sort: z
      .enum(BOOK_SORTS, { error: `must be one of ${BOOK_SORTS.join(', ')}` })
      .default('newest'),
    limit: wholeNumber(1, 100, 'must be a whole number from 1 to 100').default(20),
    cursor: z
      .string()
      .min(1)
      .max(1000, 'is not a cursor from a previous page of this list')
      .optional(),
  })
  .refine(
    (query) =>
      query.minPriceCents === undefined ||
      query.maxPriceCents === undefined ||
      query.minPriceCents <= query.maxPriceCents,
    { path: ['minPriceCents'], message: 'must not be more than maxPriceCents' },
  );
export type ListBooksQuery = z.infer<typeof listBooksQuery>;

export const noQuery = z.strictObject({});
