import { z } from 'zod';
import { invalidInput } from '../../shared/errors/app-error';
import { parseInput } from '../../shared/http/parse-input';

const MAX_ID = 2_147_483_647;

/** A positive integer id that fits the database's INTEGER columns. */
export const idSchema = z.int('must be a positive whole number').min(1).max(MAX_ID);

/** Parses a path segment that must be an id; anything else is a 400 naming the parameter. */
export function parseIdParam(value: unknown, name = 'id'): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_ID) {
    throw invalidInput([{ path: name, message: 'must be a positive whole number' }]);
  }
  return Number(value);
}

/** Encodes where the next page starts; opaque to clients. */
export function encodeCursor(lastId: number | undefined, hasMore: boolean): string | null {
  return hasMore && lastId !== undefined ? Buffer.from(`id:${lastId}`).toString('base64url') : null;
}

const cursor = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const decoded = /^id:(\d{1,10})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
    const id = Number(decoded?.[1]);
    if (decoded && id >= 1 && id <= MAX_ID) return id;
    ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
    return z.NEVER;
  });

const pageQuerySchema = z.object({
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1)
    .max(100)
    .default(20),
  cursor: cursor.optional(),
});

/** `limit` (1–100, default 20) and `cursor` of a list request; other query parameters are left alone. */
export function parsePageQuery(query: unknown): { limit: number; beforeId: number | undefined } {
  const { limit, cursor: beforeId } = parseInput(pageQuerySchema, query ?? {});
  return { limit, beforeId };
}
