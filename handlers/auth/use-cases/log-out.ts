import type { AuthContext } from '../auth-context';
import { hashRefreshToken, REFRESH_TOKEN_FORMAT } from './refresh-token-secret';

/** Ends the session a refresh token belongs to by revoking its whole family; unknown tokens are ignored. */
export async function logOut(ctx: AuthContext, presented: string | undefined): Promise<void> {
  if (!presented || !REFRESH_TOKEN_FORMAT.test(presented)) return;
  const token = await ctx.refreshTokens.findByHash(hashRefreshToken(presented));
  if (token) await ctx.refreshTokens.revokeFamily(token.familyId, ctx.now());
}
