import pino from 'pino';
import type { Logger } from '../../shared/logging/logger';

/** A JSON logger whose lines the test can read back, parsed. */
export function captureLogs(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}
