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

// What an `errors[].message` says where a schema has no message of its own: zod's default wording
// ("Invalid input: expected object, received undefined") is for developers, and the storefront
// shows these messages to shoppers beside the field.
function messageWithoutOwn(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return issue.expected === 'object' ? 'must be an object' : `must be a ${issue.expected}`;
}

/** Validates input against a schema and returns the typed value, or throws a 400 naming each wrong field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(value, { error: messageWithoutOwn });
  if (!result.success) throw invalidInput(fieldErrors(result.error));
  return result.data;
}
