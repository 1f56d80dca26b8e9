import pino, { type Logger } from 'pino';
import { terminalDestination, type LogFormat } from './terminal-log-format';

export type { Logger } from 'pino';

/**
 * A structured logger; child loggers carry the request id into every line. JSON unless `format` is
 * `terminal` (`npm start` at a terminal): then short lines for a person, without static files.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  format: LogFormat = 'json',
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: [
        'password',
        '*.password',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return format === 'terminal' ? pino(options, terminalDestination()) : pino(options);
}
