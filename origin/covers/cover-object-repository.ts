import { QueryTypes } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import { inTransaction, type Tx } from '../../shared/db/repositories/unit-of-work';

/**
 * The stored cover renditions and who may remove them (migration 0009). Books share a rendition
 * when they show the same picture (keys are content hashes), so whether an object may go is a
 * question about every book, answered under the lock of the key's row: a cover change locks the
 * rows of the keys it sets and drops, and the sweep removes an object only while it holds that row,
 * so "no book uses it" cannot change between the check and the removal.
 */

/** A key's row as a cover change found it, locked until its transaction ends. */
interface LockedObject {
  key: string;
  /** Released (no book used it) or removed since: its object may be gone, or about to go. */
  mayBeGone: boolean;
}

interface ObjectRow {
  object_key: string;
  released_at: unknown;
  removed_at: unknown;
}

function insertMissingSql(db: Database, count: number): string {
  const values = Array.from({ length: count }, () => '(?)').join(', ');
  // The no-op update makes MySQL take the row's exclusive lock, as the locking read below does; a
  // plain INSERT IGNORE would take a shared one, and two such upgrades deadlock.
  return db.dialect === 'mysql'
    ? `INSERT INTO cover_objects (object_key) VALUES ${values} ON DUPLICATE KEY UPDATE object_key = object_key`
    : `INSERT INTO cover_objects (object_key) VALUES ${values} ON CONFLICT (object_key) DO NOTHING`;
}

const forUpdate = (db: Database) => (db.dialect === 'mysql' ? ' FOR UPDATE' : '');

/** Whether any book, deleted ones included (older rows kept their keys), shows this rendition. */
async function isUsed(db: Database, tx: Tx, key: string): Promise<boolean> {
  const rows = await db.sequelize.query(
    'SELECT id FROM books WHERE cover_key = ? UNION ALL SELECT id FROM books WHERE thumbnail_key = ? LIMIT 1',
    { type: QueryTypes.SELECT, transaction: tx, replacements: [key, key] },
  );
  return rows.length > 0;
}

/**
 * Locks the rows of `keys`, creating the missing ones, always in key order: two cover changes that
 * set and drop the same two pictures crosswise then wait for each other instead of deadlocking.
 */
export async function lockCoverObjects(
  db: Database,
  tx: Tx,
  keys: string[],
): Promise<LockedObject[]> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return [];
  await db.sequelize.query(insertMissingSql(db, sorted.length), {
    transaction: tx,
    replacements: sorted,
  });
  const rows = await db.sequelize.query<ObjectRow>(
    `SELECT object_key, released_at, removed_at FROM cover_objects WHERE object_key IN (?) ORDER BY object_key${forUpdate(db)}`,
    { type: QueryTypes.SELECT, transaction: tx, replacements: [sorted] },
  );
  return rows.map((row) => ({
    key: row.object_key,
    mayBeGone: row.released_at !== null || row.removed_at !== null,
  }));
}

/** Renditions a cover change sets, and how to store one of them again. */
export interface SetRenditions {
  keys: string[];
  store: (key: string) => Promise<void>;
}

/**
 * After a cover change wrote its book, records for each locked key whether a book still uses it:
 * a used key is kept; an unused one is released at `now`, for the sweep to remove once no cache can
 * name it. A key the change sets whose row says it may be gone is stored again first (`set.store`);
 * a key it only drops is never stored (a write that bypassed the locks, the demo seed, may have
 * left such a row behind a book that uses it; the sweep checks for books again before removing).
 */
export async function settleCoverObjects(
  db: Database,
  tx: Tx,
  objects: LockedObject[],
  now: Date,
  set?: SetRenditions,
): Promise<void> {
  const used: string[] = [];
  const unused: string[] = [];
  for (const object of objects) {
    const inUse = await isUsed(db, tx, object.key);
    (inUse ? used : unused).push(object.key);
    if (inUse && object.mayBeGone && set?.keys.includes(object.key)) await set.store(object.key);
  }
  if (used.length > 0)
    await db.sequelize.query(
      'UPDATE cover_objects SET released_at = NULL, removed_at = NULL WHERE object_key IN (?)',
      { transaction: tx, replacements: [used] },
    );
  // A key released earlier keeps its time: the caches' clock started then.
  if (unused.length > 0)
    await db.sequelize.query(
      'UPDATE cover_objects SET released_at = ?, removed_at = NULL WHERE object_key IN (?) AND released_at IS NULL',
      { transaction: tx, replacements: [now, unused] },
    );
}

/** The sweep's side: keys released before a time, and their removal under the row's lock. */
export function createCoverObjectRepository(db: Database) {
  return {
    /** Up to `limit` keys released before `cutoff`, oldest first. */
    async releasedBefore(cutoff: Date, limit: number): Promise<string[]> {
      const rows = await db.sequelize.query<{ object_key: string }>(
        'SELECT object_key FROM cover_objects WHERE released_at < ? ORDER BY released_at LIMIT ?',
        { type: QueryTypes.SELECT, replacements: [cutoff, limit] },
      );
      return rows.map((row) => row.object_key);
    },

    /**
     * Removes a key's object with `remove` if it is still released since before `cutoff` and no
     * book uses it, holding its row's lock meanwhile; records the removal at `now`. False when
     * there was nothing to do (used again, or another replica removed it first). A failed removal
     * rolls back and leaves the key for the next sweep.
     */
    async removeIfReleased(
      key: string,
      cutoff: Date,
      now: Date,
      remove: (key: string) => Promise<void>,
    ): Promise<boolean> {
      return inTransaction(
        db,
        async (tx) => {
          const rows = await db.sequelize.query(
            `SELECT object_key FROM cover_objects WHERE object_key = ? AND released_at < ?${forUpdate(db)}`,
            { type: QueryTypes.SELECT, transaction: tx, replacements: [key, cutoff] },
          );
          if (rows.length === 0) return false;
          if (await isUsed(db, tx, key)) {
            // Only a write that bypassed the locks (the demo seed) can get here: keep the object.
            await db.sequelize.query(
              'UPDATE cover_objects SET released_at = NULL WHERE object_key = ?',
              { transaction: tx, replacements: [key] },
            );
            return false;
          }
          await remove(key);
          await db.sequelize.query(
            'UPDATE cover_objects SET released_at = NULL, removed_at = ? WHERE object_key = ?',
            { transaction: tx, replacements: [now, key] },
          );
          return true;
        },
        { readCommitted: true },
      );
    },
  };
}

export type CoverObjectRepository = ReturnType<typeof createCoverObjectRepository>;
