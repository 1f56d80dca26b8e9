import type { UserRecord } from '../../../shared/db/repositories/user-repository';
import type { AuthContext } from '../auth-context';

export interface UserPage {
  items: UserRecord[];
  /** The id to continue after, or undefined on the last page. */
  nextAfterId: number | undefined;
}

/** One page of users in id order (administrators only: the route checks the role). */
export async function listUsers(
  ctx: AuthContext,
  afterId: number,
  limit: number,
): Promise<UserPage> {
  // One row more than asked tells whether another page exists without counting the table.
  const rows = await ctx.users.listAfter(afterId, limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextAfterId: rows.length > limit ? items[items.length - 1]?.id : undefined };
}
