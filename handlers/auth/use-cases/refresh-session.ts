import type { RefreshTokenRecord } from '../../../shared/db/repositories/refresh-token-repository';
import { unauthorized } from '../../../shared/errors/app-error';
import type { Logger } from '../../../shared/logging/logger';
import type { AuthContext } from '../auth-context';
import { hashRefreshToken, newRefreshToken, REFRESH_TOKEN_FORMAT } from './refresh-token-secret';
import type { Session } from './start-session';

const sessionEnded = () => unauthorized('Your session has ended. Please sign in again.');

/**
 * Whether a token that is no longer live was rotated so recently that presenting it is a second tab
 * refreshing at the same moment as the first, not a thief replaying it.
 */
function rotatedWithinGrace(token: RefreshTokenRecord, now: Date, graceSeconds: number): boolean {
  return (
    token.rotatedAt !== null &&
    token.revokedAt === null &&
    token.expiresAt.getTime() > now.getTime() &&
    now.getTime() - token.rotatedAt.getTime() <= graceSeconds * 1000
  );
}

/**
 * A token that could not be rotated: within the grace it gets a sibling in its family (returned),
 * after it the reuse revokes the whole family; either way nothing else refreshes.
 */
async function refreshRotatedToken(
  ctx: AuthContext,
  presentedHash: string,
  replacementHash: string,
  logger: Logger,
): Promise<RefreshTokenRecord> {
  const now = ctx.now();
  const known = await ctx.refreshTokens.findByHash(presentedHash);
  if (known && rotatedWithinGrace(known, now, ctx.config.jwt.refreshTokenReuseGraceSeconds)) {
    await ctx.refreshTokens.insert({
      userId: known.userId,
      familyId: known.familyId,
      tokenHash: replacementHash,
      expiresAt: known.expiresAt,
    });
    return known;
  }
  if (known?.rotatedAt && !known.revokedAt) {
    const revoked = await ctx.refreshTokens.revokeFamily(known.familyId, now);
    logger.warn(
      { userId: known.userId, familyId: known.familyId, revoked },
      'rotated refresh token reused; family revoked',
    );
  }
  throw sessionEnded();
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation). Presenting a
 * token that was already rotated means two parties hold it, so the whole family is revoked, unless
 * it was rotated within the short grace: then it is two tabs of one browser refreshing at once,
 * and the later one gets a refresh token of its own in the same family.
 */
export async function refreshSession(
  ctx: AuthContext,
  presented: string | undefined,
  logger: Logger,
): Promise<Session> {
  if (!presented || !REFRESH_TOKEN_FORMAT.test(presented)) throw sessionEnded();
  const presentedHash = hashRefreshToken(presented);
  const replacement = newRefreshToken();
  const replacementHash = hashRefreshToken(replacement);
  const granted =
    (await ctx.refreshTokens.rotate(presentedHash, replacementHash, ctx.now())) ??
    (await refreshRotatedToken(ctx, presentedHash, replacementHash, logger));
  const user = await ctx.users.findById(granted.userId);
  if (!user) throw sessionEnded();
  const { accessToken, expiresIn } = await ctx.tokens.sign(user);
  return {
    accessToken,
    expiresIn,
    user,
    refreshToken: replacement,
    refreshExpiresAt: granted.expiresAt,
  };
}
