import { ConnectionError } from 'sequelize';
import { ConfigError } from '../config';
import { StartupError } from '../errors/startup-error';
import { SchemaOutdatedError } from './schema-check';

/**
 * One line an operator can act on for the errors that stop a process from starting, or undefined
 * for anything unexpected (which deserves its stack trace).
 */
export function describeStartupError(error: unknown): string | undefined {
  if (
    error instanceof ConfigError ||
    error instanceof SchemaOutdatedError ||
    error instanceof StartupError
  )
    return error.message;
  if (error instanceof ConnectionError) {
    const original = (error as { original?: { code?: string; message?: string } }).original;
    const reason = original?.code ?? original?.message ?? error.message;
    return `Cannot connect to the database (${reason}). Check that it is running and that DATABASE_URL is right.`;
  }
  return undefined;
}
