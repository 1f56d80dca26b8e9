import { z } from 'zod';
import { BOOK_CONDITIONS } from '../domain/book-conditions';
import { pageParams, querySchema } from '../http/request-inputs';
import { requiredText, textInput } from '../http/text-input';
import { normaliseIsbn } from './isbn';

export const BOOK_LIMITS = {
  titleMax: 200,
  authorMax: 200,
  descriptionMax: 5000,
  categoryMax: 60,
  priceCentsMax: 10_000_000,
  stockMax: 100_000,
} as const;

const title = requiredText().max(BOOK_LIMITS.titleMax);
const author = requiredText().max(BOOK_LIMITS.authorMax);
const description = textInput('multi-line').trim().max(BOOK_LIMITS.descriptionMax);
const condition = z.enum(BOOK_CONDITIONS);
const priceCents = z.int('must be a whole number of cents').min(0).max(BOOK_LIMITS.priceCentsMax);
const stock = z.int('must be a whole number').min(0).max(BOOK_LIMITS.stockMax);

// An empty text clears the optional fields, so a form can send what the user left blank.
const isbn = textInput()
  .max(40)
  .nullable()
  .transform((value, ctx) => {
    if (value === null || value.trim() === '') return null;
    const normalised = normaliseIsbn(value);
    if (normalised) return normalised;
    ctx.addIssue({ code: 'custom', message: 'must be a valid ISBN-10 or ISBN-13' });
    return z.NEVER;
  });
const category = textInput()
  .trim()
  .max(BOOK_LIMITS.categoryMax)
  .nullable()
  .transform((value) => (value ? value : null));

// The seller is always the caller; a client that names one is told so rather than ignored.
const sellerId = z
  .never({ error: 'is taken from your access token and cannot be sent' })
  .optional();

/** POST /api/v1/books. */
export const createBookSchema = z.strictObject({
  title,
  author,
  description: description.default(''),
  isbn: isbn.optional(),
  condition,
  category: category.optional(),
  priceCents,
  stock,
  sellerId,
});
export type CreateBookInput = z.infer<typeof createBookSchema>;

/** PATCH /api/v1/books/{id}: any subset of the fields, at least one. */
export const updateBookSchema = z
  .strictObject({
    title: title.optional(),
    author: author.optional(),
    description: description.optional(),
    isbn: isbn.optional(),
    condition: condition.optional(),
    category: category.optional(),
    priceCents: priceCents.optional(),
    stock: stock.optional(),
    sellerId,
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    message: 'send at least one field to change',
  });
export type UpdateBookInput = z.infer<typeof updateBookSchema>;

/** GET /api/v1/me/books: a page of the caller's books. */
export const myBooksQuerySchema = querySchema(pageParams);
