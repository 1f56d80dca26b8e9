import { randomUUID } from 'node:crypto';
import type { UserRecord } from '../../../shared/db/repositories/user-repository';
import type { AuthContext } from '../auth-context';
import { hashRefreshToken, newRefreshToken } from './refresh-token-secret';

/** A signed-in session: the access token for API calls and the refresh token for the cookie. */
export interface Session {
  accessToken: string;
  expiresIn: number;
  user: UserRecord;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** Starts a new refresh token family for a user who just proved who they are, and signs an access token. */
export async function startSession(ctx: AuthContext, user: UserRecord): Promise<Session> {
  const refreshToken = newRefreshToken();
  const refreshExpiresAt = new Date(
    ctx.now().getTime() + ctx.config.jwt.refreshTokenTtlSeconds * 1000,
  );
  await ctx.refreshTokens.insert({
    userId: user.id,
    familyId: randomUUID(),
    tokenHash: hashRefreshToken(refreshToken),
    expiresAt: refreshExpiresAt,
  });
  const { accessToken, expiresIn } = await ctx.tokens.sign(user);
  return { accessToken, expiresIn, user, refreshToken, refreshExpiresAt };
}
