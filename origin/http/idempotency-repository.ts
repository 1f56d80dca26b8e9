import { Op, UniqueConstraintError } from 'sequelize';
import type { Database } from '../../shared/db/create-database';
import type { Tx } from '../../shared/db/repositories/unit-of-work';

/** The first answer given to an Idempotency-Key of a user. */
export interface StoredIdempotentResponse {
  requestHash: string;
  /** Null only while the first request's transaction is still open. */
  status: number | null;
  body: string | null;
}

export interface IdempotencyKeyOfUser {
  userId: number;
  key: string;
  requestHash: string;
}

/**
 * Idempotency records. The unique (user, key) row doubles as the lock: the first request inserts it
 * at the start of its transaction, and a concurrent request with the same key blocks on that insert
 * until the first commits (then sees a duplicate and replays the stored answer) or rolls back
 * (then its insert succeeds and it does the work itself).
 */
export function createIdempotencyRepository(db: Database) {
  const { IdempotencyRecord } = db.models;

  async function insert(
    tx: Tx,
    entry: IdempotencyKeyOfUser,
    status: number | null,
    body: string | null,
  ) {
    try {
      await IdempotencyRecord.create(
        {
          userId: entry.userId,
          idempotencyKey: entry.key,
          requestHash: entry.requestHash,
          responseStatus: status,
          responseBody: body,
        },
        { transaction: tx },
      );
      return true;
    } catch (error) {
      if (error instanceof UniqueConstraintError) return false;
      throw error;
    }
  }

  return {
    /** Claims a key for a request about to do its work; false when the key is already taken. */
    claim(tx: Tx, entry: IdempotencyKeyOfUser): Promise<boolean> {
      return insert(tx, entry, null, null);
    },

    /** Stores the answer of a claimed key, in the transaction that did the work. */
    async complete(
      tx: Tx,
      entry: IdempotencyKeyOfUser,
      status: number,
      body: string,
    ): Promise<void> {
      await IdempotencyRecord.update(
        { responseStatus: status, responseBody: body },
        { where: { userId: entry.userId, idempotencyKey: entry.key }, transaction: tx },
      );
    },

    /** Claims a key and stores its answer at once (for a refusal whose work was rolled back). */
    claimCompleted(
      tx: Tx,
      entry: IdempotencyKeyOfUser,
      status: number,
      body: string,
    ): Promise<boolean> {
      return insert(tx, entry, status, body);
    },

    /** The stored answer of a user's key, or undefined. */
    async find(tx: Tx, userId: number, key: string): Promise<StoredIdempotentResponse | undefined> {
      const row = await IdempotencyRecord.findOne({
        where: { userId, idempotencyKey: key },
        transaction: tx,
      });
      if (!row) return undefined;
      return { requestHash: row.requestHash, status: row.responseStatus, body: row.responseBody };
    },

    /** Deletes up to `limit` records created before `cutoff`; returns how many. */
    async pruneCreatedBefore(cutoff: Date, limit: number): Promise<number> {
      return IdempotencyRecord.destroy({ where: { createdAt: { [Op.lt]: cutoff } }, limit });
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
