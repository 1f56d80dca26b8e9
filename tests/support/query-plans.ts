import { QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';

/** A statement as the database received it, from the line Sequelize logs for it. */
export function loggedStatement(line: string): string {
  return line.replace(/^Executing \([^)]*\): /, '').replace(/^\/\*M!.*?\*\/ /, '');
}

/**
 * The plan of a statement (SELECT, UPDATE or DELETE) as text per step: on MySQL/MariaDB each
 * EXPLAIN row as `<table> type=<access> key=<index> <Extra>`, on SQLite each EXPLAIN QUERY PLAN
 * detail. `bind` holds the values of the statement's placeholders (`?` on MySQL, `$n` on SQLite).
 */
export async function planOfStatement(
  db: Database,
  sql: string,
  bind?: unknown[],
): Promise<string[]> {
  if (db.dialect === 'mysql') {
    const rows = await db.sequelize.query<{
      table: string | null;
      type: string | null;
      key: string | null;
      Extra: string | null;
    }>(`EXPLAIN ${sql}`, {
      type: QueryTypes.SELECT,
      ...(bind ? { replacements: bind } : {}),
    });
    return rows.map(
      (row) =>
        `${row.table ?? 'none'} type=${row.type ?? 'none'} key=${row.key ?? 'none'} ${row.Extra ?? ''}`,
    );
  }
  const rows = await db.sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, {
    type: QueryTypes.SELECT,
    ...(bind ? { bind } : {}),
  });
  return rows.map((row) => row.detail);
}

/** Whether a plan sorts rows: a filesort or temporary table on MySQL, a temporary B-tree on SQLite. */
export const sortsRows = (plan: string[]): boolean =>
  plan.some((step) => /filesort|TEMP B-TREE|temporary/i.test(step));
