import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import type { AuthContext } from '../auth-context';
import { decodeCursor, encodeCursor } from '../../lambda/page-cursor';
import { listUsers } from '../use-cases/list-users';
import { userCursor, userListQuery } from './auth-schemas';
import { toUserJson } from './user-json';

/** GET /api/v1/users?limit&cursor (administrators) → { items, nextCursor }. */
export function listUsersRoute(ctx: AuthContext): RequestHandler {
  return async (req, res) => {
    const query = parseInput(userListQuery, req.query);
    const afterId = query.cursor ? decodeCursor(userCursor, query.cursor).afterId : 0;
    const page = await listUsers(ctx, afterId, query.limit);
    res.json({
      items: page.items.map(toUserJson),
      nextCursor:
        page.nextAfterId === undefined ? null : encodeCursor({ afterId: page.nextAfterId }),
    });
  };
}
