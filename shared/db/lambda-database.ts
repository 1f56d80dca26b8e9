import { AccessDeniedError, QueryTypes, type QueryOptions } from 'sequelize';
import { z } from 'zod';
import type { Config } from '../config';
import type { SecretReader } from '../secrets/secret-reader';
import { createDatabase, type Database } from './create-database';
import { isConnectionLost } from './database-errors';

/** A Lambda function's database: one per container, its connections kept across invocations. */
export interface LambdaDatabase {
  db: Database;
}

/**
 * How long a kept connection may have sat unused and still be used without a ping first. A
 * container serving a steady stream of invocations then pays no extra round trip per invocation;
 * one that sat frozen longer checks its connection before using it.
 */
export const TRUSTED_IDLE_MS = 1000;

/** The fields of an RDS-managed database secret that the connection needs. */
const databaseSecret = z.object({ username: z.string().min(1), password: z.string() });

/** Reads the database user and password from Secrets Manager (the JSON shape RDS writes). */
export async function readDatabaseCredentials(
  secrets: SecretReader,
  secretArn: string,
): Promise<{ username: string; password: string }> {
  let value: unknown;
  try {
    value = JSON.parse(await secrets.getSecretString(secretArn));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new Error(`Database secret ${secretArn} is not JSON`, { cause: error });
    throw error;
  }
  const parsed = databaseSecret.safeParse(value);
  if (!parsed.success)
    throw new Error(`Database secret ${secretArn} lacks a username and password`);
  return parsed.data;
}

/**
 * Connections of `db` authenticate as the user of a Secrets Manager secret: its user and password
 * are read whenever a connection opens (from the reader's memory, refreshed after its
 * time-to-live), and read afresh once more when the server refuses them. A rotated password thus
 * reaches a warm function or a running origin without a restart: at once where the old one stops
 * working, and within the time-to-live everywhere.
 */
export function useSecretCredentials(db: Database, secrets: SecretReader, secretArn: string): void {
  db.sequelize.addHook('beforeConnect', async (connection) => {
    const credentials = await readDatabaseCredentials(secrets, secretArn);
    connection.username = credentials.username;
    connection.password = credentials.password;
  });
  // Sequelize opens every pooled connection through _connect (beforeConnect hook, then the driver).
  const manager = db.sequelize.connectionManager as unknown as {
    _connect(config: object): Promise<unknown>;
  };
  const connect = manager._connect.bind(manager);
  // Connections refused together re-read the secret once: an attempt that began before a re-read
  // started retries with its result instead of starting another.
  let rereads = 0;
  let rereading: Promise<unknown> | undefined;
  manager._connect = async (config) => {
    const rereadsBefore = rereads;
    try {
      return await connect(config);
    } catch (error) {
      if (!(error instanceof AccessDeniedError) || !secrets.forget) throw error;
      if (rereads === rereadsBefore && !rereading) {
        rereads += 1;
        secrets.forget(secretArn);
        rereading = readDatabaseCredentials(secrets, secretArn).finally(() => {
          rereading = undefined;
        });
      }
      await rereading;
      return connect(config);
    }
  };
}

/** What the pool needs of a mysql2 connection to check it and to drop it. */
interface MysqlConnection {
  ping(callback: (error: unknown) => void): void;
  destroy(): void;
}

/** Whether a connection answers a ping within the time a new connection may take to open. */
function answersPing(connection: MysqlConnection, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    connection.ping((error) => {
      clearTimeout(timer);
      resolve(!error);
    });
  });
}

type Query = (sql: unknown, options?: QueryOptions) => Promise<unknown>;

/** A statement that reads without a transaction: running it twice has the same effect as once. */
const isPlainRead = (options: QueryOptions | undefined) =>
  options?.type === QueryTypes.SELECT && !options.transaction;

/**
 * Creates the database of a Lambda function once per container. With DATABASE_SECRET_ARN set, the
 * user and password come from Secrets Manager (useSecretCredentials).
 * On MySQL the pool (one or two connections) lives as long as the container, so a warm invocation
 * pays no connect. A container is frozen between invocations, and meanwhile the server or RDS Proxy
 * may close a connection without the frozen process noticing. So a kept connection that sat unused
 * longer than TRUSTED_IDLE_MS answers a ping before it is used, and one that does not is replaced;
 * and a read whose connection turns out closed (one used without a ping) runs once more on a new
 * connection. A write is never run twice: its connection could have died after the server ran it.
 * SQLite is a local file: nothing to check. `now` is the clock, for tests.
 */
export function createLambdaDatabase(
  config: Config,
  secrets: SecretReader,
  now: () => number = Date.now,
): LambdaDatabase {
  const db = createDatabase({
    url: config.database.url,
    tls: config.database.tls,
    pool: { kind: 'lambda' },
    connectTimeoutMs: config.database.connectTimeoutMs,
    acquireTimeoutMs: config.database.acquireTimeoutMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
  const { secretArn } = config.database;
  if (secretArn) useSecretCredentials(db, secrets, secretArn);
  if (db.dialect !== 'mysql') return { db };

  // When each connection last proved alive: opened, answered a ping, or was given back after use.
  const lastAlive = new WeakMap<object, number>();
  db.sequelize.addHook('afterConnect', (connection) => {
    lastAlive.set(connection as object, now());
  });
  const manager = db.sequelize.connectionManager;
  const acquire = manager.getConnection.bind(manager);
  const release = manager.releaseConnection.bind(manager);
  manager.releaseConnection = (connection) => {
    lastAlive.set(connection, now());
    return release(connection);
  };
  // Every query and transaction takes its connection here, so no path can skip the check.
  manager.getConnection = async (options) => {
    // Each round either returns or destroys one kept connection, and a new one needs no check.
    for (;;) {
      const connection = await acquire(options);
      if (now() - (lastAlive.get(connection) ?? -Infinity) <= TRUSTED_IDLE_MS) return connection;
      const mysqlConnection = connection as MysqlConnection;
      if (await answersPing(mysqlConnection, config.database.connectTimeoutMs)) {
        lastAlive.set(connection, now());
        return connection;
      }
      // Closed first, so the pool's disconnect does not wait on a socket that will never answer.
      mysqlConnection.destroy();
      await manager.destroyConnection(connection);
    }
  };
  // The failed connection is marked fatal, so the pool opens a new one for the second run.
  const sequelize = db.sequelize as unknown as { query: Query };
  const query = sequelize.query.bind(db.sequelize);
  sequelize.query = async (sql, options) => {
    try {
      return await query(sql, options);
    } catch (error) {
      if (!isConnectionLost(error) || !isPlainRead(options)) throw error;
      return query(sql, options);
    }
  };
  return { db };
}
