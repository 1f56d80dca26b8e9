import { loadConfig, type Config } from '../config';
import type { Database } from '../db/create-database';
import { openDatabase } from '../db/open-database';

/** The configuration and a small connection for a one-shot command. */
export function openCliDatabase(): { config: Config; db: Database } {
  const config = loadConfig();
  const db = openDatabase(config, { profile: 'cli' });
  return { config, db };
}
