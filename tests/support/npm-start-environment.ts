import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseUrl } from '../../shared/config';
import { databaseUrlText } from './test-database';

/**
 * The environment of an `npm start` (edge/start-local.ts) a test spawns: its own database and
 * signing key, silent logs, no demo books, and the mail catcher on any free port (the default 1080
 * may be taken, or used by another test at the same time); `overrides` on top (ports, above all).
 */
export function npmStartEnvironment(
  url: DatabaseUrl,
  overrides: Record<string, string>,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrlText(url),
    JWT_LOCAL_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bookstore-start-')), 'key.json'),
    MAIL_UI_PORT: '0',
    LOCAL_DEMO_BOOKS: '0',
    ...overrides,
  };
}
