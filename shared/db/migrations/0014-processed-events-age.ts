import type { MigrationContext } from '../migrator';

/** As in 0010: an ALTER queued behind a long transaction would hold up every later write of the table. */
const METADATA_LOCK_WAIT_SECONDS = 10;

/**
 * An index on processed_events (0008) by the time each event was handled: housekeeping deletes the
 * records older than the time SQS could still deliver their event again, in batches of a thousand,
 * and each batch reads this index from its oldest entry instead of scanning the table (one row per
 * paid order, kept for ever until now).
 *
 * MySQL/MariaDB: built online (ALGORITHM=INPLACE, LOCK=NONE): the notifications function goes on
 * recording events while it builds, and a server that cannot build it that way refuses the ALTER
 * instead of locking the table. It waits at most 10 s for the table's metadata lock and then fails
 * (rerun the deploy). SQLite: a plain CREATE INDEX.
 */
export async function up({ context: queryInterface }: MigrationContext): Promise<void> {
  const { sequelize } = queryInterface;
  if (sequelize.getDialect() !== 'mysql') {
    await queryInterface.addIndex('processed_events', ['processed_at'], {
      name: 'processed_events_age',
    });
    return;
  }
  // One connection for the session setting and the statement it is meant for.
  await sequelize.transaction(async (transaction) => {
    const run = (sql: string) => sequelize.query(sql, { transaction });
    await run(`SET SESSION lock_wait_timeout = ${METADATA_LOCK_WAIT_SECONDS}`);
    await run(
      'ALTER TABLE processed_events ADD INDEX processed_events_age (processed_at), ALGORITHM=INPLACE, LOCK=NONE',
    );
  });
}

export async function down({ context: queryInterface }: MigrationContext): Promise<void> {
  await queryInterface.removeIndex('processed_events', 'processed_events_age');
}
