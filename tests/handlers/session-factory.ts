import { randomBytes, randomUUID, createHash } from 'node:crypto';
import type { Database } from '../../shared/db/create-database';

export interface SessionFixture {
  refreshToken: string;
  familyId: string;
}

/**
 * Inserts a live refresh token for a user, as a login would, and returns the raw token for the
 * cookie: refresh and logout tests start from a session without paying for a password hash.
 */
export async function createSession(
  db: Database,
  userId: number,
  options: { familyId?: string; expiresAt?: Date } = {},
): Promise<SessionFixture> {
  const refreshToken = randomBytes(32).toString('base64url');
  const familyId = options.familyId ?? randomUUID();
  await db.models.RefreshToken.create({
    userId,
    familyId,
    tokenHash: createHash('sha256').update(refreshToken).digest('hex'),
    expiresAt: options.expiresAt ?? new Date(Date.now() + 86_400_000),
  });
  return { refreshToken, familyId };
}

/** The stored tokens of a family, oldest first. */
export async function familyTokens(db: Database, familyId: string) {
  const rows = await db.models.RefreshToken.findAll({
    where: { familyId },
    order: [['id', 'ASC']],
  });
  return rows.map((row) => ({
    tokenHash: row.tokenHash,
    rotatedAt: row.rotatedAt ?? null,
    revokedAt: row.revokedAt ?? null,
  }));
}
