import type { Database } from './create-database';

const LEADING_SELECT = /^SELECT\s+/i;
const HINT_COMMENT = /^\/\*\+\s*/;

/**
 * `select` with a cost ceiling the database server itself enforces: after `limitMs` the server
 * stops the statement and answers an error (MySQL ER_QUERY_TIMEOUT 3024, MariaDB
 * ER_STATEMENT_TIMEOUT 1969; see isStatementCeilingReached) on a connection that stays usable. The
 * client-side deadline (mysql-driver.ts) only gives up on the answer and leaves the server working.
 * The ceiling is in the statement's own text, never a session SET, which would make RDS Proxy pin
 * the session to one database connection. SQLite has no such ceiling: there, as without
 * `limitMs`, the statement goes as written.
 */
export function withStatementCeiling(
  select: string,
  dialect: Database['dialect'],
  limitMs: number | undefined,
): string {
  if (limitMs === undefined || dialect === 'sqlite') return select;
  // 0 is "no limit" to both servers: a ceiling that is not one must not pass for one.
  if (!Number.isInteger(limitMs) || limitMs < 1)
    throw new Error(`a statement ceiling is a whole number of milliseconds, not ${limitMs}`);
  const selected = LEADING_SELECT.exec(select);
  if (!selected) throw new Error('a statement ceiling applies to a SELECT only');
  const rest = select.slice(selected[0].length);
  const hint = `MAX_EXECUTION_TIME(${limitMs})`;
  const hinted = HINT_COMMENT.test(rest)
    ? `/*+ ${hint} ${rest.replace(HINT_COMMENT, '')}`
    : `/*+ ${hint} */ ${rest}`;
  // One text for both servers. MariaDB runs its executable comment /*M! ... */ (SET STATEMENT ...
  // FOR applies a variable to this one statement) and, in 10.11, ignores the /*+ ... */ hint
  // (newer releases with optimizer hints read the same limit there). MySQL reads /*M! ... */ as
  // an ordinary comment (its executable form is /*! ... */) and honours MAX_EXECUTION_TIME, an
  // optimizer hint, which must directly follow the SELECT keyword, in the one hint comment a query
  // block may have.
  return `/*M! SET STATEMENT max_statement_time=${limitMs / 1000} FOR */ SELECT ${hinted}`;
}
