import { QueryTypes, type QueryOptions } from 'sequelize';
import type { Database } from './create-database';
import { isConnectionLost } from './database-errors';

/**
 * How long a kept connection may have sat unused and still be used without a ping first. A
 * container serving a steady stream of invocations then pays no extra round trip per invocation;
 * one that sat frozen longer checks its connection before using it.
 */
export const TRUSTED_IDLE_MS = 1000;

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
 * Checks the connections a Lambda container keeps across invocations. The pool (one or two
 * connections) lives as long as the container, so a warm invocation pays no connect. A container
 * is frozen between invocations, and meanwhile the server or RDS Proxy may close a connection
 * without the frozen process noticing. So a kept connection that sat unused longer than
 * TRUSTED_IDLE_MS answers a ping before it is used, and one that does not is replaced; and a read
 * whose connection turns out closed (one used without a ping) runs once more on a new connection.
 * A write is never run twice: its connection could have died after the server ran it. SQLite is a
 * local file: nothing to check. `now` is the clock, for tests.
 */
export function checkKeptConnections(
  db: Database,
  pingTimeoutMs: number,
  now: () => number = Date.now,
): void {
  if (db.dialect !== 'mysql') return;

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
      if (await answersPing(mysqlConnection, pingTimeoutMs)) {
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
}
