import { z } from 'zod';
import { BOOK_CONDITIONS } from '../domain/book-conditions';
import { isCountryCode } from '../domain/country-codes';
import { BOOK_SORTS } from '../domain/book-sorts';
import { INDEXED_WORD_MIN, searchWordsOf } from '../db/search-text';
import {
  idParam,
  INTEGER_MAX,
  pageParams,
  querySchema,
  textParam,
  wholeNumberParam,
} from '../http/request-inputs';

const cents = wholeNumberParam(0, INTEGER_MAX, 'must be a whole number of cents');

/**
 * A search text: its words (runs of letters and digits) are what the full-text index looks up, and
 * a word under INDEXED_WORD_MIN letters is not in the index on MySQL: such words narrow a search
 * that has a longer one, and a text made only of them is refused rather than scanning the catalog.
 */
const searchParam = (max: number) =>
  textParam(max).refine(
    (text) => searchWordsOf(text).some((word) => word.length >= INDEXED_WORD_MIN),
    {
      message: `must hold a word of at least ${INDEXED_WORD_MIN} letters or digits`,
      // Only a text the other checks accept: one wrong value, one message.
      when: (payload) => payload.issues.length === 0,
    },
  );

export const listBooksQuery = querySchema({
  q: searchParam(100)
    .optional()
    .describe(
      `Full-text search over title and author, ignoring case and accents. Every word of q must start a word of the title or the author ("gard" finds "Garden", "tomas" finds "Tomás", "arden" does not): a word is a run of letters, digits and underscores, so punctuation and hyphens separate words. Stop words ("the") are words like any other. q must hold at least one word of ${INDEXED_WORD_MIN} or more letters or digits; shorter words ("el", "j") narrow the search, so "q=el" alone is a 400 and "q=el tunel" finds "El túnel". With q and no sort, sort=relevance.`,
    ),
  author: searchParam(200)
    .optional()
    .describe(
      `Every word must start a word of the author, ignoring case and accents ("garc" finds "García"); the same rule as q for short words.`,
    ),
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
  sort: z
    .enum(BOOK_SORTS, { error: `must be one of ${BOOK_SORTS.join(', ')}` })
    .optional()
    .describe(
      'The order of the page. relevance (the default with q, and only with q): books whose title holds every word of q first, then the others, newest listed first within each. newest is the default without q.',
    ),
  ...pageParams,
})
  .refine(
    (query) =>
      query.minPriceCents === undefined ||
      query.maxPriceCents === undefined ||
      query.minPriceCents <= query.maxPriceCents,
    { path: ['minPriceCents'], message: 'must not be more than maxPriceCents' },
  )
  .refine((query) => query.sort !== 'relevance' || query.q !== undefined, {
    path: ['sort'],
    message: 'relevance needs q',
  })
  .transform(({ sort, ...query }) => ({
    ...query,
    sort: sort ?? (query.q === undefined ? 'newest' : 'relevance'),
  }));

/** GET /api/v1/delivery-providers: optionally only those delivering to `country` (ISO 3166-1 alpha-2). */
export const deliveryProvidersQuery = querySchema({
  country: z
    .string()
    .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code in capitals, such as CO')
    .optional(),
});
