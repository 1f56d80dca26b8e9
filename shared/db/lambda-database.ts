import { z } from 'zod';
import type { Config } from '../config';
import type { SecretReader } from '../secrets/secret-reader';
import { createDatabase, type Database } from './create-database';

/** A Lambda function's database: one per container, with connections scoped to invocations. */
export interface LambdaDatabase {
  db: Database;
  /** Opens the pool again if the previous invocation closed it; call when an invocation starts. */
  beginInvocation(): Promise<void>;
  /** Closes the pool's connections once no invocation is running; call when an invocation ends. */
  endInvocation(): Promise<void>;
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

interface ConnectionManagerLifecycle {
  initPools(): void;
  close(): Promise<void>;
  getConnection?: unknown;
}

/**
 * Creates the database of a Lambda function once per container. With DATABASE_SECRET_ARN set, the
 * user and password come from Secrets Manager, fetched when the first connection opens and cached.
 * On MySQL the connections follow Sequelize's documented Lambda pattern: a frozen container must
 * not keep sockets the server (or RDS Proxy) may have dropped, so the pool is closed when the last
 * running invocation ends and opened again by the next one. SQLite is a local file: it stays open.
 */
export function createLambdaDatabase(config: Config, secrets: SecretReader): LambdaDatabase {
  const db = createDatabase({
    url: config.database.url,
    tls: config.database.tls,
    pool: { kind: 'lambda', functionTimeoutMs: config.lambda.functionTimeoutMs },
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
  if (db.dialect !== 'mysql') {
    return { db, beginInvocation: () => Promise.resolve(), endInvocation: () => Promise.resolve() };
  }

  const manager = db.sequelize.connectionManager as unknown as ConnectionManagerLifecycle;
  let running = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  return {
    db,
    async beginInvocation() {
      running += 1;
      if (closing) await closing;
      if (closed) {
        manager.initPools();
        // close() shadows getConnection with a function that always throws; drop it so the
        // prototype's method serves the new pool (the step Sequelize's Lambda guide shows).
        delete manager.getConnection;
        closed = false;
      }
    },
    async endInvocation() {
      running -= 1;
      // Another invocation in this process (a local edge serves several at once) still needs it.
      if (running > 0 || closed) return;
      // A connection that fails to close cleanly is gone either way; the next invocation opens anew.
      closing ??= manager
        .close()
        .catch(() => undefined)
        .finally(() => {
          closed = true;
          closing = undefined;
        });
      await closing;
    },
  };
}
