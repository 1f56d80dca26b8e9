import { Op } from 'sequelize';
import type { Database } from '../create-database';
import type { RefreshTokenModel } from '../models';
import { inTransaction } from './unit-of-work';

/** A stored refresh token; the token itself is never stored, only its SHA-256 hash. */
export interface RefreshTokenRecord {
  id: number;
  userId: number;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewRefreshToken {
  userId: number;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

function toRecord(row: RefreshTokenModel): RefreshTokenRecord {
  return {
    id: row.id,
    userId: row.userId,
    familyId: row.familyId,
    expiresAt: row.expiresAt,
    rotatedAt: row.rotatedAt ?? null,
    revokedAt: row.revokedAt ?? null,
  };
}

/** Refresh token families: issue, rotate (once per token, atomically), look up, revoke. */
export function createRefreshTokenRepository(db: Database) {
  const { RefreshToken } = db.models;
  return {
    /** Stores the hash of a newly issued token. */
    async insert(token: NewRefreshToken): Promise<void> {
      await RefreshToken.create({ ...token });
    },

    /**
     * Marks a live token as rotated and stores its replacement in the same family, with the same
     * absolute expiry, in one transaction. The conditional update lets exactly one of two concurrent
     * uses win; returns the rotated token, or undefined when it was not live (unknown, already
     * rotated, revoked or expired).
     */
    async rotate(
      presentedHash: string,
      replacementHash: string,
      now: Date,
    ): Promise<RefreshTokenRecord | undefined> {
      return inTransaction(db, async (transaction) => {
        const [rotated] = await RefreshToken.update(
          { rotatedAt: now },
          {
            where: {
              tokenHash: presentedHash,
              rotatedAt: null,
              revokedAt: null,
              expiresAt: { [Op.gt]: now },
            },
            transaction,
          },
        );
        if (rotated !== 1) return undefined;
        const row = await RefreshToken.findOne({
          where: { tokenHash: presentedHash },
          transaction,
        });
        if (!row) return undefined;
        await RefreshToken.create(
          {
            userId: row.userId,
            familyId: row.familyId,
            tokenHash: replacementHash,
            expiresAt: row.expiresAt,
          },
          { transaction },
        );
        return toRecord(row);
      });
    },

    /** A token by its hash, whatever its state, or undefined. */
    async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
      const row = await RefreshToken.findOne({ where: { tokenHash } });
      return row ? toRecord(row) : undefined;
    },

    /**
     * Deletes up to `limit` expired tokens; returns how many. A rotated token keeps its family's
     * expiry, so a whole family expires at once and no reuse check can need a deleted row.
     */
    async pruneExpired(now: Date, limit: number): Promise<number> {
      return RefreshToken.destroy({ where: { expiresAt: { [Op.lt]: now } }, limit });
    },

    /** Revokes every token of a family that is not revoked yet; returns how many were. */
    async revokeFamily(familyId: string, now: Date): Promise<number> {
      const [revoked] = await RefreshToken.update(
        { revokedAt: now },
        { where: { familyId, revokedAt: null } },
      );
      return revoked;
    },
  };
}

export type RefreshTokenRepository = ReturnType<typeof createRefreshTokenRepository>;
