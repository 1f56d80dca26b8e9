import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './error-serializer';
import type { LogFormat } from '../config';
import { terminalDestination } from './terminal-log-format';

export type { Logger } from 'pino';

// Personal data and secrets, wherever a log line's object carries them at its top or one level
// down: the values are replaced, the keys stay, so a line still says what was there.
const PERSONAL_FIELDS = [
  'password',
  'passwordHash',
  'tokenHash',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'email',
  'name',
  'shippingAddress',
  'address',
  'line1',
  'line2',
  'city',
  'postalCode',
];

/**
 * A structured logger; child loggers carry the request id into every line. Errors under `err` are
 * serialized without the database's parameters and values, and the fields that hold personal data
 * or secrets are redacted (DESIGN.md: logs never carry them). JSON unless `format` is `terminal`
 * (`npm start` at a terminal): then short lines for a person, without static files. `destination`
 * is for tests.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  { format = 'json', destination }: { format?: LogFormat; destination?: DestinationStream } = {},
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError },
    redact: {
      paths: [
        ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]),
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return pino(options, format === 'terminal' ? terminalDestination() : destination);
}
