import * as mysql2 from 'mysql2';

type DriverCallback = (error: Error | null, ...results: unknown[]) => void;

/** What the deadline needs of a mysql2 connection: its two statement methods and a way to kill it. */
interface DeadlinedConnection {
  query: (...args: unknown[]) => unknown;
  execute: (...args: unknown[]) => unknown;
  destroy(): void;
  stream: { destroy(): void };
}

/** The code mysql2 gives its own query time-outs, so error mapping treats both alike. */
export const STATEMENT_TIMEOUT_CODE = 'PROTOCOL_SEQUENCE_TIMEOUT';

function statementTimedOut(timeoutMs: number): Error {
  return Object.assign(new Error(`The database did not answer within ${timeoutMs} ms`), {
    code: STATEMENT_TIMEOUT_CODE,
  });
}

/**
 * Gives every callback-style call of `method` a deadline. mysql2's own `timeout` option does not
 * cover the prepare step of `execute` and leaves the timed-out command at the head of the
 * connection's queue, so the next user of the pooled connection would wait behind it. Here the
 * connection is destroyed instead: the pool's validation never hands it out again, a transaction
 * on it can never be continued or committed, and the server rolls back whatever it had started
 * when it sees the socket close.
 */
function addDeadline(
  connection: DeadlinedConnection,
  method: 'query' | 'execute',
  timeoutMs: number,
): void {
  const original = connection[method].bind(connection);
  connection[method] = (...args: unknown[]) => {
    const index = args.findLastIndex((arg) => typeof arg === 'function');
    const callback = args[index] as DriverCallback | undefined;
    if (!callback) return original(...args);
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      connection.destroy();
      connection.stream.destroy();
      callback(statementTimedOut(timeoutMs));
    }, timeoutMs);
    args[index] = (error: Error | null, ...results: unknown[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callback(error, ...results);
    };
    return original(...args);
  };
}

/**
 * The mysql2 module as Sequelize's dialectModule, with a deadline on every statement: a database
 * that accepts connections and then answers nothing (frozen, or a network path that drops
 * packets) fails a statement after `statementTimeoutMs` instead of holding the request forever.
 */
export function mysqlDriver(statementTimeoutMs: number | undefined): typeof mysql2 {
  if (statementTimeoutMs === undefined) return mysql2;
  return {
    ...mysql2,
    createConnection(config: mysql2.ConnectionOptions) {
      const connection = mysql2.createConnection(config);
      const deadlined = connection as unknown as DeadlinedConnection;
      addDeadline(deadlined, 'query', statementTimeoutMs);
      addDeadline(deadlined, 'execute', statementTimeoutMs);
      return connection;
    },
  } as typeof mysql2;
}
