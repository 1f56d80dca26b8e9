import { rmSync } from 'node:fs';

/** Removes this run's SQLite files. */
export default function globalTeardown(): void {
  const runDirectory = process.env.BOOKSTORE_TEST_RUN_DIR;
  if (runDirectory) rmSync(runDirectory, { recursive: true, force: true });
}
