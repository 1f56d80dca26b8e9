import { summariseDatabaseError } from '../db/database-errors';

/** The call frames of a stack, without its first lines, which repeat the message. */
function framesOf(stack: string | undefined): string | undefined {
  const first = stack?.indexOf('\n    at ') ?? -1;
  return first === -1 ? undefined : stack?.slice(first + 1);
}

/**
 * How an error goes into a log line (pino's `err` serializer): its class, message, stack and own
 * fields, its cause and the errors it aggregates the same way, except that a database error, at
 * whatever depth, becomes its class, code, statement fingerprint and call frames only. Its
 * message and fields carry the statement's parameters and the rows' values: addresses, names,
 * e-mails, password hashes.
 */
export function serializeError(error: unknown): unknown {
  if (typeof (error as { message?: unknown } | null)?.message !== 'string') return error;
  const err = error as Error & Record<string, unknown>;
  const summary = summariseDatabaseError(err);
  if (summary) return { ...summary, stack: framesOf(err.stack) };
  const serialized: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name,
    message: err.message,
    stack: err.stack,
  };
  for (const [key, value] of Object.entries(err)) {
    if (!(key in serialized)) serialized[key] = serializeError(value);
  }
  if (err.cause !== undefined) serialized.cause = serializeError(err.cause);
  if (err instanceof AggregateError) serialized.errors = err.errors.map(serializeError);
  return serialized;
}
