import { unauthorized } from '../../../shared/errors/app-error';
import type { Logger } from '../../../shared/logging/logger';
import type { AuthContext } from '../auth-context';
import { hashRefreshToken, newRefreshToken, REFRESH_TOKEN_FORMAT } from './refresh-token-secret';
import type { Session } from './start-session';

const sessionEnded = () => unauthorized('Your session has ended. Please sign in again.');

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation). Presenting a
 * token that was already rotated means two parties hold it, so the whole family is revoked.
 */
export async function refreshSession(
  ctx: AuthContext,
  presented: string | undefined,
  logger: Logger,
): Promise<Session> {
  if (!presented || !REFRESH_TOKEN_FORMAT.test(presented)) throw sessionEnded();
  const presentedHash = hashRefreshToken(presented);
  const replacement = newRefreshToken();
  const now = ctx.now();
  const rotated = await ctx.refreshTokens.rotate(presentedHash, hashRefreshToken(replacement), now);
  if (!rotated) {
    const known = await ctx.refreshTokens.findByHash(presentedHash);
    if (known?.rotatedAt && !known.revokedAt) {
      const revoked = await ctx.refreshTokens.revokeFamily(known.familyId, now);
      logger.warn(
        { userId: known.userId, familyId: known.familyId, revoked },
        'rotated refresh token reused; family revoked',
      );
    }
    throw sessionEnded();
  }
  const user = await ctx.users.findById(rotated.userId);
  if (!user) throw sessionEnded();
  const { accessToken, expiresIn } = await ctx.tokens.sign(user);
  return {
    accessToken,
    expiresIn,
    user,
    refreshToken: replacement,
    refreshExpiresAt: rotated.expiresAt,
  };
}
