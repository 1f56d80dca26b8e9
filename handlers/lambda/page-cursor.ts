import type { z } from 'zod';
import { invalidInput } from '../../shared/errors/app-error';

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
  const invalid = () =>
    invalidInput([
      { path: 'cursor', message: 'is not a cursor from a previous page of this list' },
    ]);
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
