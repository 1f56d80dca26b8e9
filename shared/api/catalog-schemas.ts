import { z } from 'zod';
import { BOOK_CONDITIONS } from '../domain/book-conditions';
import { isCountryCode } from '../domain/country-codes';
import { BOOK_SORTS } from '../domain/book-sorts';
import {
  idParam,
  INTEGER_MAX,
  pageParams,
  querySchema,
  textParam,
  wholeNumberParam,
} from '../http/request-inputs';

const cents = wholeNumberParam(0, INTEGER_MAX, 'must be a whole number of cents');

export const listBooksQuery = querySchema({
  q: textParam(100).optional(),
  author: textParam(200).optional(),
  sellerId: idParam.optional(),
  condition: z
    .enum(BOOK_CONDITIONS, { error: `must be one of ${BOOK_CONDITIONS.join(', ')}` })
    .optional(),
  category: textParam(60).optional(),
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

/** GET /api/v1/delivery-providers: optionally only those delivering to `country` (ISO 3166-1 alpha-2). */
export const deliveryProvidersQuery = querySchema({
  country: z
    .string()
    .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code in capitals, such as CO')
    .optional(),
});
