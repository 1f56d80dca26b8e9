/**
 * A server-side ceiling on one SELECT's running time, for MySQL 8 and MariaDB alike: MariaDB runs
 * its executable comment `/*M! … *\/` (SET STATEMENT … FOR, this statement only) and skips the
 * optimizer hint; MySQL skips the comment and honours MAX_EXECUTION_TIME. No session variable is
 * set, so RDS Proxy does not pin the client's connection. The server stops the statement itself
 * (the client's deadline only gives up waiting) and the connection stays usable.
 */
export function withStatementCeiling(select: string, ceilingMs: number): string {
  if (!/^SELECT\s/.test(select)) throw new Error('a statement ceiling is for one SELECT');
  const milliseconds = Math.max(1, Math.ceil(ceilingMs));
  return `/*M! SET STATEMENT max_statement_time=${milliseconds / 1000} FOR */ SELECT /*+ MAX_EXECUTION_TIME(${milliseconds}) */ ${select.slice('SELECT '.length)}`;
}

/**
 * The server's answers to a statement stopped at its ceiling: MariaDB's ER_STATEMENT_TIMEOUT
 * (1969), MySQL's ER_QUERY_TIMEOUT (3024), and 188, what MariaDB's InnoDB answers when it is
 * stopped inside a full-text search (HA_ERR_ABORTED_BY_USER; on MySQL 188 is a full-text search
 * over its result cache limit: too costly as well).
 */
const CEILING_ERRNOS = new Set([1969, 3024, 188]);

/** Whether a statement failed because it reached its ceiling (withStatementCeiling). */
export function isStatementCeilingHit(error: unknown): boolean {
  const original = (error as { original?: { errno?: unknown } } | null)?.original;
  return typeof original?.errno === 'number' && CEILING_ERRNOS.has(original.errno);
}
