import type { Config } from '../config';
import { createSecretReader, type SecretReader } from '../secrets/secret-reader';
import { createDatabase, type Database } from './create-database';
import { checkKeptConnections } from './kept-connection-checks';
import { useSecretCredentials } from './secret-credentials';

/**
 * How a process uses the database. `service`: a long-running server (the origin), a pool of
 * DATABASE_POOL_MAX. `lambda`: a function container, one or two connections kept across
 * invocations and checked after a freeze. `cli`: a one-off command (migrate, seed, npm start's
 * preparation), two connections and no statement deadline, since a migration may run long.
 */
export type DatabaseProfile = 'service' | 'lambda' | 'cli';

export interface OpenDatabaseOptions {
  profile: DatabaseProfile;
  /** Where DATABASE_SECRET_ARN is read; by default a reader for the configured region. */
  secrets?: SecretReader;
  /** Receives every SQL statement when DATABASE_LOG_SQL is on (a pino logger fits). */
  logger?: { debug(fields: { sql: string }, message: string): void };
  /** The clock of the Lambda connection checks, for tests. */
  now?: () => number;
}

// A one-off command waits longer for its few connections than a request would.
const CLI_ACQUIRE_TIMEOUT_MS = 5000;

/**
 * The one way every entry point (the functions, the origin, the CLIs, `npm start`, the benches)
 * opens the database from the configuration: TLS, time-outs, the statement deadline and, with
 * DATABASE_SECRET_ARN set, the user and password from Secrets Manager (re-read after a rotation).
 */
export function openDatabase(config: Config, options: OpenDatabaseOptions): Database {
  const { database } = config;
  const { profile, logger } = options;
  const db = createDatabase({
    url: database.url,
    tls: database.tls,
    pool:
      profile === 'lambda'
        ? { kind: 'lambda' }
        : { kind: 'service', max: profile === 'cli' ? 2 : database.poolMax },
    connectTimeoutMs: database.connectTimeoutMs,
    acquireTimeoutMs:
      profile === 'cli'
        ? Math.max(database.acquireTimeoutMs, CLI_ACQUIRE_TIMEOUT_MS)
        : database.acquireTimeoutMs,
    ...(profile === 'cli' ? {} : { statementTimeoutMs: database.statementTimeoutMs }),
    ...(database.logSql && logger ? { logSql: (sql: string) => logger.debug({ sql }, 'sql') } : {}),
  });
  if (database.secretArn) {
    const secrets = options.secrets ?? createSecretReader({ region: config.aws.region });
    useSecretCredentials(db, secrets, database.secretArn);
  }
  if (profile === 'lambda') checkKeptConnections(db, database.connectTimeoutMs, options.now);
  return db;
}
