import type { z } from 'zod';
import { invalidInput, type FieldError } from '../errors/app-error';

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'is not an accepted field',
      }));
    }
    return [{ path: path || '(body)', message: issue.message }];
  });
}

/** Validates input against a schema and returns the typed value, or throws a 400 naming each wrong field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(fieldErrors(result.error));
  return result.data;
}
