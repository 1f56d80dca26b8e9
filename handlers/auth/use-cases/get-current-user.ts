import type { UserRecord } from '../../../shared/db/repositories/user-repository';
import { invalidToken } from '../../../shared/errors/app-error';
import type { AuthContext } from '../auth-context';

/** The signed-in user; a valid token for an account that no longer exists is a 401. */
export async function getCurrentUser(ctx: AuthContext, userId: number): Promise<UserRecord> {
  const user = await ctx.users.findById(userId);
  if (!user) throw invalidToken('The account of this access token no longer exists.');
  return user;
}
