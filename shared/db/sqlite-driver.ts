import type * as Sqlite3 from 'sqlite3';

const BUSY_TIMEOUT_MS = 10000;

/** What Sequelize uses of the module: its open-mode constants and the Database class. */
type SqliteDriver = Omit<typeof Sqlite3, 'Database'> & {
  Database: new (
    filename: string,
    mode?: number,
    callback?: (error: Error | null) => void,
  ) => Sqlite3.Database;
};

let driver: SqliteDriver | undefined;

/**
 * The sqlite3 module with every connection set up for several writers on one file (`npm start`
 * runs the origin and the edge as two processes, and Sequelize opens a connection per
 * transaction): a busy timeout so a writer waits for the lock instead of giving up after the
 * driver's default second, and WAL so readers go on while another connection writes. Done in the
 * driver because Sequelize's SQLite connection manager runs no afterConnect hooks.
 *
 * Loaded on first use: the Lambda bundles leave this native addon out.
 */
export function sqliteDriver(): SqliteDriver {
  if (driver) return driver;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred load, see above
  const sqlite3 = require('sqlite3') as typeof Sqlite3;

  /** Sequelize calls `new Database(...)`: the object a constructor returns is what `new` gives. */
  class ConfiguredDatabase {
    constructor(filename: string, mode?: number, callback?: (error: Error | null) => void) {
      const database = new sqlite3.Database(
        filename,
        mode ?? sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE,
        (error) => {
          if (error) {
            callback?.(error);
            return;
          }
          database.configure('busyTimeout', BUSY_TIMEOUT_MS);
          database.exec('PRAGMA journal_mode = WAL', (pragmaError) => callback?.(pragmaError));
        },
      );
      return database;
    }
  }

  const configured: SqliteDriver = {
    ...sqlite3,
    Database: ConfiguredDatabase as SqliteDriver['Database'],
  };
  driver = configured;
  return configured;
}
