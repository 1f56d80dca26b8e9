import { z } from 'zod';
import type { Config } from '../config';
import type { SecretReader } from '../secrets/secret-reader';
import { createDatabase, type Database } from './create-database';

/** A Lambda function's database: one per container, its connections kept across invocations. */
export interface LambdaDatabase {
  db: Database;
  /** Call when an invocation starts: connections kept from an earlier one are checked before use. */
  beginInvocation(): void;
}

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

/**
 * Creates the database of a Lambda function once per container. With DATABASE_SECRET_ARN set, the
 * user and password come from Secrets Manager, fetched when the first connection opens and cached.
 * On MySQL the pool (one or two connections) lives as long as the container, so a warm invocation
 * pays no connect. A container is frozen between invocations, and meanwhile the server or RDS Proxy
 * may close a connection without the frozen process noticing; so a connection kept from an earlier
 * invocation answers a ping before its first use in the next one, and one that does not is
 * replaced. SQLite is a local file: nothing to check.
 */
export function createLambdaDatabase(config: Config, secrets: SecretReader): LambdaDatabase {
  const db = createDatabase({
    url: config.database.url,
    tls: config.database.tls,
    pool: { kind: 'lambda' },
    connectTimeoutMs: config.database.connectTimeoutMs,
    acquireTimeoutMs: config.database.acquireTimeoutMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
  const { secretArn } = config.database;
  if (secretArn) {
    db.sequelize.addHook('beforeConnect', async (connection) => {
      const credentials = await readDatabaseCredentials(secrets, secretArn);
      connection.username = credentials.username;
      connection.password = credentials.password;
    });
  }
  if (db.dialect !== 'mysql') return { db, beginInvocation: () => undefined };

  let invocation = 0;
  // The invocation in which each connection last proved alive (opening counts).
  const checkedIn = new WeakMap<object, number>();
  db.sequelize.addHook('afterConnect', (connection) => {
    checkedIn.set(connection as object, invocation);
  });
  const manager = db.sequelize.connectionManager;
  const acquire = manager.getConnection.bind(manager);
  // Every query and transaction takes its connection here, so no path can skip the check.
  manager.getConnection = async (options) => {
    // Each round either returns or destroys one kept connection, and a new one needs no check.
    for (;;) {
      const connection = await acquire(options);
      if (checkedIn.get(connection) === invocation) return connection;
      const mysqlConnection = connection as MysqlConnection;
      if (await answersPing(mysqlConnection, config.database.connectTimeoutMs)) {
        checkedIn.set(connection, invocation);
        return connection;
      }
      // Closed first, so the pool's disconnect does not wait on a socket that will never answer.
      mysqlConnection.destroy();
      await manager.destroyConnection(connection);
    }
  };
  return {
    db,
    beginInvocation() {
      invocation += 1;
    },
  };
}
