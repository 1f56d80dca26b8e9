import { AccessDeniedError } from 'sequelize';
import { z } from 'zod';
import type { SecretReader } from '../secrets/secret-reader';
import type { Database } from './create-database';

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
