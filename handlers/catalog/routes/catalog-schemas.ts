import { z } from 'zod';
import { BOOK_SORTS } from '../../../shared/db/repositories/book-catalog-repository';
import {
  idParam,
  INTEGER_MAX,
  pageParams,
  querySchema,
  wholeNumberParam,
  textInput,
} from '../../../shared/http/request-inputs';

const cents = wholeNumberParam(0, INTEGER_MAX, 'must be a whole number of cents');

export const listBooksQuery = querySchema({
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
  sellerId: idParam.optional(),
  minPriceCents: cents.optional(),
  maxPriceCents: cents.optional(),
  inStock: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional(),
  sort: z.enum(BOOK_SORTS, { error: `must be one of ${BOOK_SORTS.join(', ')}` }).default('newest'),
  ...pageParams,
}).refine(
  (query) =>
    query.minPriceCents === undefined ||
    query.maxPriceCents === undefined ||
    query.minPriceCents <= query.maxPriceCents,
  { path: ['minPriceCents'], message: 'must not be more than maxPriceCents' },
);
export type ListBooksQuery = z.infer<typeof listBooksQuery>;
