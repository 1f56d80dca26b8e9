import { QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';

/**
 * Housekeeping's side of processed_events, the record of the order events a consumer has handled
 * (the notifications function writes it, handlers/notifications): deleting records no copy of
 * their event can come back for.
 */
export function createProcessedEventRepository(db: Database) {
  // SQLite has no DELETE ... LIMIT (unless built with it): the batch is chosen by rowid, as
  // Sequelize does for the tables it deletes from with a limit.
  const pruneSql =
    db.dialect === 'mysql'
      ? 'DELETE FROM processed_events WHERE processed_at < ? LIMIT ?'
      : 'DELETE FROM processed_events WHERE rowid IN (SELECT rowid FROM processed_events WHERE processed_at < ? LIMIT ?)';

  return {
    /** Deletes up to `limit` records of events handled before `cutoff`; returns how many. */
    async pruneHandledBefore(cutoff: Date, limit: number): Promise<number> {
      return db.sequelize.query(pruneSql, {
        type: QueryTypes.BULKDELETE,
        replacements: [cutoff, limit],
      });
    },
  };
}

export type ProcessedEventRepository = ReturnType<typeof createProcessedEventRepository>;
