import { z } from 'zod';
import type { IdPage } from '../db/id-page';
import { invalidInput } from '../errors/app-error';
import { requiredText } from './text-input';

/**
 * The largest value of the database's signed INTEGER columns (ids, cents, counts): anything bigger
 * would overflow on MySQL and must be refused as input rather than fail in the database.
 */
export const INTEGER_MAX = 2_147_483_647;

const POSITIVE_WHOLE_NUMBER = 'must be a positive whole number';

/** An id inside a JSON body or a cursor: a positive integer that fits the database's INTEGER columns. */
export const idSchema = z
  .int(POSITIVE_WHOLE_NUMBER)
  .min(1, POSITIVE_WHOLE_NUMBER)
  .max(INTEGER_MAX, POSITIVE_WHOLE_NUMBER);

/**
 * The range of each whole-number parameter. A query string is text, so the schema that parses it
 * starts from a string; the OpenAPI document describes the number a client means instead
 * (`type: integer` with this range), so a generated client takes `limit: 3`, not `'3'`.
 */
export const wholeNumberParams = z.registry<{ minimum: number; maximum: number }>();

/** A whole number in a query or path parameter: digits only, no sign, no exponent, no spaces. */
export function wholeNumberParam(min: number, max: number, message: string) {
  const param = z
    .string()
    .regex(/^(0|[1-9]\d{0,9})$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
  wholeNumberParams.add(param, { minimum: min, maximum: max });
  return param;
}

/**
 * A text query parameter (a search, a filter value): trimmed, visible, bounded, and keeping the
 * rule of every text input (no control characters, which some drivers cannot bind: NUL on SQLite).
 */
export function textParam(max: number) {
  return requiredText().max(max, `must be at most ${max} characters`);
}

/** An id in a path or query parameter. */
export const idParam = wholeNumberParam(1, INTEGER_MAX, POSITIVE_WHOLE_NUMBER);

/** The path parameters of the `…/{id}` routes. */
export const idPathParams = z.strictObject({ id: idParam });

/** Page sizes of every list: `limit` 1–100, 20 when not sent. */
export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

const NOT_A_CURSOR = 'is not a cursor from a previous page of this list';

/** The `limit` and `cursor` query parameters every list takes; spread into the list's query schema. */
export const pageParams = {
  limit: wholeNumberParam(
    PAGE_LIMIT.min,
    PAGE_LIMIT.max,
    `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`,
  ).default(PAGE_LIMIT.default),
  cursor: z.string().min(1, NOT_A_CURSOR).max(1000, NOT_A_CURSOR).optional(),
};

/**
 * The one policy for query parameters, in every app: a route lists the parameters it accepts and
 * anything else is a 400 naming it, so a misspelt filter never silently answers the unfiltered list.
 */
export function querySchema<Shape extends z.ZodRawShape>(
  shape: Shape,
): z.ZodObject<Shape, z.core.$strict> {
  return z.strictObject(shape);
}

/** The query of routes that take no parameters: any parameter is refused, like every unknown one. */
export const noQuery = querySchema({});

/** Encodes where a page ended as an opaque cursor: base64url JSON, meaningful only to this API. */
export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor this API issued. Anything else (not base64url, not JSON, not the expected shape)
 * is a 400 on the `cursor` parameter rather than a silently different page.
 */
export function decodeCursor<Schema extends z.ZodType>(
  schema: Schema,
  cursor: string,
): z.infer<Schema> {
  const invalid = () => invalidInput([{ path: 'cursor', message: NOT_A_CURSOR }]);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid();
  return parsed.data;
}

/** What the cursor of a list kept in id order carries: the last id of the page before. */
const idPosition = z.strictObject({ lastId: idSchema });

/** The cursor of the page after `lastId` of a list kept in id order; null when there is none. */
export function encodeIdCursor(lastId: number | undefined): string | null {
  return lastId === undefined ? null : encodeCursor({ lastId });
}

/** The `{ items, nextCursor }` answer of a page of a list kept in id order. */
export function idPageAnswer<T>(page: IdPage<T>): { items: T[]; nextCursor: string | null } {
  return { items: page.items, nextCursor: encodeIdCursor(page.hasMore ? page.lastId : undefined) };
}

/** The last id of the previous page of a list kept in id order; undefined for the first page. */
export function decodeIdCursor(cursor: string | undefined): number | undefined {
  return cursor === undefined ? undefined : decodeCursor(idPosition, cursor).lastId;
}
