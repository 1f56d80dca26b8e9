import { join } from 'node:path';

const TEST_DB_ROOT = join(__dirname, '..', '..', '.local', 'test-db');

/**
 * Scratch folder for this run's SQLite files (git-ignored). Each jest run gets its own, named by
 * the global setup and inherited by the workers, so parallel runs never delete each other's files.
 */
export const TEST_DATA_DIR = process.env.BOOKSTORE_TEST_RUN_DIR ?? join(TEST_DB_ROOT, 'default');
export const TEMPLATE_SQLITE_FILE = join(TEST_DATA_DIR, 'template.sqlite');

/** A new run folder name for the global setup. */
export function newRunDirectory(): string {
  return join(TEST_DB_ROOT, `run-${process.pid}-${Date.now().toString(36)}`);
}
