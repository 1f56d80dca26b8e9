import { join } from 'node:path';

/** Scratch folder for the SQLite files of a test run (git-ignored). */
export const TEST_DATA_DIR = join(__dirname, '..', '..', '.local', 'test-db');
export const TEMPLATE_SQLITE_FILE = join(TEST_DATA_DIR, 'template.sqlite');
