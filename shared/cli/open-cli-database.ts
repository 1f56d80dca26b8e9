import { loadConfig, type Config } from '../config';
import { createDatabase, type Database } from '../db/create-database';

/** The configuration and a small connection for a one-shot command. */
export function openCliDatabase(): { config: Config; db: Database } {
  const config = loadConfig();
  const db = createDatabase({
    url: config.database.url,
    tls: config.database.tls,
    pool: { kind: 'service', max: 2 },
    connectTimeoutMs: config.database.connectTimeoutMs,
    acquireTimeoutMs: Math.max(config.database.acquireTimeoutMs, 5000),
  });
  return { config, db };
}
