import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { decodeIdCursor, encodeIdCursor } from '../../../shared/http/request-inputs';
import type { AuthContext } from '../auth-context';
import { listUsers } from '../use-cases/list-users';
import { userListQuery } from '../../../shared/api/auth-schemas';
import { toUserJson } from './user-json';
import type { UserPage } from '../../../shared/api/response-schemas';

/** GET /api/v1/users?limit&cursor (administrators) → { items, nextCursor }. */
export function listUsersRoute(ctx: AuthContext): RequestHandler {
  return async (req, res) => {
    const query = parseInput(userListQuery, req.query);
    const page = await listUsers(ctx, decodeIdCursor(query.cursor) ?? 0, query.limit);
    res.json({
      items: page.items.map(toUserJson),
      nextCursor: encodeIdCursor(page.nextAfterId),
    } satisfies UserPage);
  };
}
