import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Sequelize, Transaction, type Options, type PoolOptions } from 'sequelize';
import type { DatabaseUrl } from '../config';
import { defineModels, type Models } from './models';
import { mysqlDriver } from './mysql-driver';
import { sqliteDriver } from './sqlite-driver';

/**
 * How the caller uses its pool. A Lambda container serves one invocation at a time and keeps one or
 * two connections across them; a long-running origin keeps a pool sized per process.
 */
export type PoolProfile = { kind: 'lambda' } | { kind: 'service'; max: number };

/**
 * How long a Lambda container keeps an unused connection: far below RDS Proxy's idle client
 * timeout (1800 s, infra/database.yml), so the proxy never closes one the pool still offers.
 */
const LAMBDA_IDLE_MS = 60_000;

export interface DatabaseOptions {
  url: DatabaseUrl;
  pool: PoolProfile;
  connectTimeoutMs: number;
  acquireTimeoutMs: number;
  /**
   * MySQL: the longest one statement may go unanswered before its connection is destroyed and the
   * statement fails as "database unavailable". Request-serving processes set it; one-off CLIs
   * (migrations may run long statements) leave it out.
   */
  statementTimeoutMs?: number;
  /** MySQL only: require TLS 1.2+ verified against the system's certificate authorities. */
  tls?: boolean;
  logSql?: (sql: string) => void;
}

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: DatabaseUrl['dialect'];
  close(): Promise<void>;
}

function poolOptions(profile: PoolProfile, acquireTimeoutMs: number): PoolOptions {
  if (profile.kind === 'lambda') {
    // Two, not one: a query a transaction forgets to join must not wait forever on the only one.
    return { max: 2, min: 0, idle: LAMBDA_IDLE_MS, acquire: acquireTimeoutMs, evict: 1000 };
  }
  return { max: profile.max, min: 0, idle: 10000, acquire: acquireTimeoutMs, evict: 1000 };
}

// Sequelize 6 reads keepDefaultTimezone from its constructor options (sequelize.config) but its
// Options type does not declare it.
const KEEP_SERVER_TIME_ZONE = { keepDefaultTimezone: true } as Options;

/**
 * Without it Sequelize opens an extra connection before a process's first query only to read the
 * server version, which the MySQL dialect uses for nothing but a warning about servers older than
 * 5.7 (this project runs on MySQL 8 and MariaDB 10): a whole connect on every cold start. The option
 * is documented on Sequelize's constructor but missing from its typings.
 */
const knownServerVersion = { databaseVersion: '8.0.0' };

function mysqlOptions(
  url: Extract<DatabaseUrl, { dialect: 'mysql' }>,
  options: DatabaseOptions,
): Options {
  return {
    ...knownServerVersion,
    dialect: 'mysql',
    // Passed explicitly so an esbuild bundle does not rely on Sequelize's dynamic require of the driver.
    dialectModule: mysqlDriver(options.statementTimeoutMs),
    host: url.host,
    port: url.port,
    database: url.database,
    username: url.username,
    password: url.password,
    dialectOptions: {
      connectTimeout: options.connectTimeoutMs,
      charset: 'utf8mb4',
      dateStrings: false,
      // mysql2 decodes every column itself. Sequelize's default is a typeCast function, which makes
      // mysql2 wrap each field of each row in an object and a callback, only to parse DATETIME
      // through moment-timezone (the schema has no DATE or GEOMETRY column, its other cases):
      // about a tenth of a catalog list invocation. mysql2 parses DATETIME with `timezone` below.
      typeCast: true,
      ...(options.tls ? { ssl: { minVersion: 'TLSv1.2', rejectUnauthorized: true } } : {}),
    },
    // Dates are converted to and from UTC by the client (Sequelize formats with this offset,
    // mysql2 parses with it). keepDefaultTimezone stops Sequelize from also sending
    // `SET time_zone` on every new connection: session state makes RDS Proxy pin the client to
    // one database connection, and the schema has no TIMESTAMP column or NOW() that would need
    // it. The server runs in UTC anyway (RDS default; parameter group in infra/database.yml).
    timezone: '+00:00',
    ...KEEP_SERVER_TIME_ZONE,
    define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
  };
}

function sqliteOptions(url: Extract<DatabaseUrl, { dialect: 'sqlite' }>): Options {
  if (url.storage !== ':memory:') mkdirSync(dirname(url.storage), { recursive: true });
  return {
    dialect: 'sqlite',
    storage: url.storage,
    // IMMEDIATE takes the write lock at BEGIN, so two writers queue on busy_timeout instead of
    // failing with SQLITE_BUSY when a read lock would need upgrading mid-transaction.
    transactionType: Transaction.TYPES.IMMEDIATE,
    dialectModule: sqliteDriver(),
  };
}

/** Opens a Sequelize connection for either dialect, with the models of BookStore defined on it. */
export function createDatabase(options: DatabaseOptions): Database {
  const base =
    options.url.dialect === 'mysql'
      ? mysqlOptions(options.url, options)
      : sqliteOptions(options.url);
  const sequelize = new Sequelize({
    ...base,
    pool: poolOptions(options.pool, options.acquireTimeoutMs),
    logging: options.logSql ?? false,
  });
  const models = defineModels(sequelize);
  return {
    sequelize,
    models,
    dialect: options.url.dialect,
    close: () => sequelize.close(),
  };
}
