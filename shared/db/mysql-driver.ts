import * as mysql2 from 'mysql2';

type DriverCallback = (error: Error | null, ...results: unknown[]) => void;

/** What the deadline needs of a mysql2 connection: its statement method and a way to kill it. */
interface DeadlinedConnection {
  query: (...args: unknown[]) => unknown;
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
 * Gives every callback-style `query` a deadline (every statement goes through it, see
 * sendAsText). mysql2's own `timeout` option leaves the timed-out command at the head of the
 * connection's queue, so the next user of the pooled connection would wait behind it. Here the
 * connection is destroyed instead: the pool's validation never hands it out again, a transaction
 * on it can never be continued or committed, and the server rolls back whatever it had started
 * when it sees the socket close.
 */
function addDeadline(connection: DeadlinedConnection, timeoutMs: number): void {
  const original = connection.query.bind(connection);
  connection.query = (...args: unknown[]) => {
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
 * The SQL of `execute(sql, values)` with each `?` placeholder replaced by the escaped literal of
 * its value. Placeholders are found outside quoted strings, quoted identifiers and comments only:
 * Sequelize inlines some values (literals, functions) next to bound ones, and a `?` inside such a
 * literal is text, not a placeholder (mysql2's own `format` would take it for one).
 */
export function inlineValues(
  sql: string,
  values: readonly unknown[],
  escape: (value: unknown) => string,
): string {
  let result = '';
  let next = 0;
  let index = 0;
  while (index < sql.length) {
    const char = sql[index] as string;
    if (char === "'" || char === '"' || char === '`') {
      // A quoted string or identifier: a backslash escapes the next character (not in
      // identifiers), and a doubled quote stands for itself.
      let end = index + 1;
      while (end < sql.length) {
        if (sql[end] === '\\' && char !== '`') end += 2;
        else if (sql[end] === char && sql[end + 1] === char) end += 2;
        else if (sql[end] === char) break;
        else end += 1;
      }
      result += sql.slice(index, end + 1);
      index = end + 1;
    } else if (char === '-' && sql.startsWith('-- ', index)) {
      const end = sql.indexOf('\n', index);
      const stop = end === -1 ? sql.length : end;
      result += sql.slice(index, stop);
      index = stop;
    } else if (char === '/' && sql[index + 1] === '*') {
      const end = sql.indexOf('*/', index + 2);
      const stop = end === -1 ? sql.length : end + 2;
      result += sql.slice(index, stop);
      index = stop;
    } else if (char === '?') {
      if (next >= values.length) throw new Error('The statement has more placeholders than values');
      result += escape(values[next]);
      next += 1;
      index += 1;
    } else {
      result += char;
      index += 1;
    }
  }
  if (next !== values.length) throw new Error('The statement has fewer placeholders than values');
  return result;
}

/** What sending text needs of a mysql2 connection. */
interface TextConnection {
  query: (...args: unknown[]) => unknown;
  execute: (...args: unknown[]) => unknown;
  escape(value: unknown): string;
}

/**
 * Sends what Sequelize hands to `execute` (every statement with bound parameters: Model.create,
 * Model.update, `bind:`) as text instead, its values escaped by the connection (with its time
 * zone). `execute` prepares the statement on the server (COM_STMT_PREPARE), and RDS Proxy pins the
 * client's session to one database connection from its first prepared statement on: with every
 * write pinning, the proxy could not multiplex and database connections would grow with Lambda
 * concurrency.
 */
function sendAsText(connection: TextConnection): void {
  connection.execute = (...args: unknown[]) => {
    const [statement, values, ...rest] = args;
    if (typeof statement !== 'string' || !Array.isArray(values)) {
      return connection.query(...args);
    }
    const sql = inlineValues(statement, values, (value) => connection.escape(value));
    return connection.query(sql, ...rest);
  };
}

/**
 * The mysql2 module as Sequelize's dialectModule. No statement is ever prepared on the server
 * (RDS Proxy pinning, see sendAsText), and with `statementTimeoutMs` every statement has a
 * deadline: a database that accepts connections and then answers nothing (frozen, or a network
 * path that drops packets) fails a statement after that time instead of holding the request
 * forever.
 */
export function mysqlDriver(statementTimeoutMs: number | undefined): typeof mysql2 {
  return {
    ...mysql2,
    createConnection(config: mysql2.ConnectionOptions) {
      const connection = mysql2.createConnection(config);
      if (statementTimeoutMs !== undefined) {
        addDeadline(connection as unknown as DeadlinedConnection, statementTimeoutMs);
      }
      // After the deadline: the text statement goes through the deadlined `query`.
      sendAsText(connection as unknown as TextConnection);
      return connection;
    },
  } as typeof mysql2;
}
