import { Op, QueryTypes } from 'sequelize';
import type { Database } from '../create-database';

/** How many attempts one key may spend in a window, and how long the window (and a lock) lasts. */
export interface ThrottleLimit {
  maxAttempts: number;
  windowSeconds: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The affected-row count of an UPDATE run through sequelize.query (both dialects answer [_, count]). */
function affectedRows(result: unknown): number {
  const count = Array.isArray(result) ? (result[1] as unknown) : undefined;
  return typeof count === 'number' ? count : 0;
}

/**
 * Failed-login counters that hold across Lambda instances. Every statement is one conditional
 * UPDATE, so concurrent attempts are counted exactly: an attempt is reserved (counted) before the
 * password is checked and handed back when the login succeeds, so a burst of parallel guesses
 * cannot slip past the limit while the first ones are still being verified.
 */
export function createLoginThrottleRepository(db: Database) {
  const { LoginThrottle } = db.models;
  const { sequelize } = db;

  return {
    /**
     * Counts one attempt for a key unless it is locked. The attempt that reaches the limit locks the
     * key for a whole window from now; a lock therefore outlives the window it was counted in, and
     * the first attempt after it starts a fresh window.
     */
    async reserveAttempt(
      throttleKey: string,
      limit: ThrottleLimit,
      now: Date,
    ): Promise<ThrottleDecision> {
      await LoginThrottle.bulkCreate([{ throttleKey, failures: 0, windowStartedAt: now }], {
        ignoreDuplicates: true,
      });
      const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000);
      const lockedUntil = new Date(now.getTime() + limit.windowSeconds * 1000);
      // MySQL evaluates SET assignments left to right with the values already assigned, SQLite with
      // the old ones: each expression below reads only columns that are assigned after it.
      const result = await sequelize.query(
        `UPDATE login_throttles SET
           locked_until = CASE WHEN window_started_at > :windowStart AND failures + 1 >= :maxAttempts
                               THEN :lockedUntil ELSE NULL END,
           failures = CASE WHEN window_started_at > :windowStart THEN failures + 1 ELSE 1 END,
           window_started_at = CASE WHEN window_started_at > :windowStart THEN window_started_at ELSE :now END,
           updated_at = :now
         WHERE throttle_key = :throttleKey AND (locked_until IS NULL OR locked_until <= :now)`,
        {
          replacements: {
            throttleKey,
            now,
            windowStart,
            lockedUntil,
            maxAttempts: limit.maxAttempts,
          },
          type: QueryTypes.UPDATE,
        },
      );
      if (affectedRows(result) === 1) return { allowed: true };
      const row = await LoginThrottle.findOne({
        where: { throttleKey },
        attributes: ['lockedUntil'],
      });
      const remainingMs = row?.lockedUntil
        ? new Date(row.lockedUntil).getTime() - now.getTime()
        : 0;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
    },

    /** Hands back an attempt that turned out to be a successful login, lifting a lock it set. */
    async refundAttempt(throttleKey: string, limit: ThrottleLimit): Promise<void> {
      await sequelize.query(
        `UPDATE login_throttles SET
           locked_until = CASE WHEN failures <= :maxAttempts THEN NULL ELSE locked_until END,
           failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END
         WHERE throttle_key = :throttleKey`,
        { replacements: { throttleKey, maxAttempts: limit.maxAttempts }, type: QueryTypes.UPDATE },
      );
    },

    /** Forgets a key's failures and lock (an account after its owner signed in). */
    /**
     * Deletes up to `limit` keys whose window ended and whose lock (if any) expired; returns how
     * many. Their next attempt would start a fresh window anyway.
     */
    async pruneIdle(now: Date, windowSeconds: number, limit: number): Promise<number> {
      return LoginThrottle.destroy({
        where: {
          windowStartedAt: { [Op.lt]: new Date(now.getTime() - windowSeconds * 1000) },
          [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lt]: now } }],
        },
        limit,
      });
    },

    async clear(throttleKey: string): Promise<void> {
      await LoginThrottle.update({ failures: 0, lockedUntil: null }, { where: { throttleKey } });
    },
  };
}

export type LoginThrottleRepository = ReturnType<typeof createLoginThrottleRepository>;
