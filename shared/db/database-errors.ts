import {
  BaseError,
  ConnectionAcquireTimeoutError,
  ConnectionError,
  DatabaseError,
  TimeoutError,
} from 'sequelize';
import { STATEMENT_TIMEOUT_CODE } from './mysql-driver';
import { statementFingerprint } from './statement-fingerprint';

/**
 * MariaDB's own errors that mysql2 names no code for (it knows MySQL's list), by errno, under
 * MariaDB's names: so error mapping and logs treat them as the codes they are.
 */
const MARIADB_ERROR_CODES: Readonly<Record<number, string>> = {
  1969: 'ER_STATEMENT_TIMEOUT',
};

function driverCode(error: unknown): string | undefined {
  if (!(error instanceof DatabaseError) && !(error instanceof ConnectionError)) return undefined;
  const original = (error as { original?: { code?: unknown; errno?: unknown } }).original;
  if (typeof original?.code === 'string') return original.code;
  return typeof original?.errno === 'number' ? MARIADB_ERROR_CODES[original.errno] : undefined;
}

/**
 * Whether the database server stopped a statement at its cost ceiling (statement-ceiling.ts):
 * MySQL's MAX_EXECUTION_TIME (ER_QUERY_TIMEOUT, 3024), MariaDB's max_statement_time
 * (ER_STATEMENT_TIMEOUT, 1969). The statement's work has stopped and its connection is usable.
 * MariaDB stops a full-text search with its handler error 188 (HA_ERR_ABORTED_BY_USER), which
 * mysql2 names after MySQL's 188, a full-text search over innodb_ft_result_cache_limit: on either
 * server the search cost more than it may.
 */
export function isStatementCeilingReached(error: unknown): boolean {
  const code = driverCode(error);
  return (
    code === 'ER_QUERY_TIMEOUT' ||
    code === 'ER_STATEMENT_TIMEOUT' ||
    code === 'HA_ERR_FTS_EXCEED_RESULT_CACHE_LIMIT'
  );
}

/** Whether a statement failed because its connection was closed under it (by the server, a proxy or the network). */
export function isConnectionLost(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'PROTOCOL_CONNECTION_LOST' || code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * Whether an error means the database cannot be reached or is saturated right now (a 503, not a
 * bug), or refused a statement that would have cost more than its ceiling.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof ConnectionAcquireTimeoutError)
    return true;
  if (error instanceof TimeoutError) return true;
  if (isConnectionLost(error) || isStatementCeilingReached(error)) return true;
  const code = driverCode(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === STATEMENT_TIMEOUT_CODE;
}

/**
 * Whether a COMMIT was sent and its answer never came (the statement deadline, or the connection
 * lost): the server may have committed the transaction or not, and only reading again can tell.
 */
export function isCommitOutcomeUnknown(error: unknown): boolean {
  const sql = (error as { sql?: unknown } | null)?.sql;
  if (typeof sql !== 'string' || !/^\s*COMMIT\b/i.test(sql)) return false;
  return driverCode(error) === STATEMENT_TIMEOUT_CODE || isConnectionLost(error);
}

/**
 * Whether a transaction failed only because of lock contention, so running it again from the start
 * is safe: MySQL deadlocks (1213) and lock wait time-outs (1205), SQLite's busy database.
 */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = driverCode(error);
  return (
    code === 'ER_LOCK_DEADLOCK' ||
    code === 'ER_LOCK_WAIT_TIMEOUT' ||
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_LOCKED'
  );
}

/** What may be said of a database error: never its message, parameters or values. */
export interface DatabaseErrorSummary {
  type: string;
  code?: string;
  /** The failed statement with its literals replaced by `?`. */
  statement?: string;
}

/**
 * A database error as a log may carry it: its class, the driver's code and a fingerprint of the
 * statement. Sequelize's errors hold the bound parameters and the row's values (`parameters`,
 * `fields`, `errors[].value`), and drivers' messages quote them ("Duplicate entry 'ana@…'"), so
 * none of those is kept. Undefined for an error that is not the database's: a Sequelize error, or
 * a driver's own (it carries the statement it failed, `sql`).
 */
export function summariseDatabaseError(error: unknown): DatabaseErrorSummary | undefined {
  const sql = (error as { sql?: unknown } | null)?.sql;
  if (!(error instanceof BaseError) && typeof sql !== 'string') return undefined;
  const own = (error as { code?: unknown }).code;
  const code = driverCode(error) ?? (typeof own === 'string' ? own : undefined);
  return {
    type: (error as Error).name,
    ...(code === undefined ? {} : { code }),
    ...(typeof sql === 'string'
      ? { statement: statementFingerprint(sql, code?.startsWith('SQLITE_') ? 'sqlite' : 'mysql') }
      : {}),
  };
}
