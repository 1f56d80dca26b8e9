/** Which quoting rules a statement's text follows. */
export type SqlDialect = 'mysql' | 'sqlite';

// The tokens of a statement, tried left to right: a quoted identifier (kept), a bare word (kept), a
// string literal or a number (replaced); a bind placeholder ($1) counts as a word. Strings follow the dialect's escaping: MySQL escapes with
// backslashes (and doubled quotes); SQLite only doubles quotes, and a backslash is just a character.
const TOKENS: Record<SqlDialect, RegExp> = {
  mysql:
    /(`(?:[^`]|``)*`)|([A-Za-z_$][\w$]*)|('(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
  sqlite:
    /(`(?:[^`]|``)*`)|([A-Za-z_$][\w$]*)|('(?:[^']|'')*'|"(?:[^"]|"")*"|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
};
const MAX_LENGTH = 500;

/**
 * The shape of an SQL statement without its values: every string and number literal becomes `?`,
 * so a log can say which statement failed and never what it carried (Sequelize inlines the values
 * of WHERE clauses into the text). A quote left unmatched (a statement cut short) ends the
 * fingerprint there, since what follows it cannot be told apart from a value.
 */
export function statementFingerprint(sql: string, dialect: SqlDialect): string {
  const stripped = sql.replace(TOKENS[dialect], (token, identifier?: string, word?: string) =>
    identifier !== undefined || word !== undefined ? token : '?',
  );
  const unmatchedQuote = stripped.search(/['"]/);
  const kept = unmatchedQuote === -1 ? stripped : `${stripped.slice(0, unmatchedQuote)}…`;
  return kept.length > MAX_LENGTH ? `${kept.slice(0, MAX_LENGTH)}…` : kept;
}
