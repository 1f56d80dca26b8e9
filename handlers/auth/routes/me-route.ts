import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import { principalOf } from '../../../shared/http/require-auth';
import type { AuthContext } from '../auth-context';
import { getCurrentUser } from '../use-cases/get-current-user';
import { toUserJson } from './user-json';
import type { UserAnswer } from '../../../shared/api/response-schemas';

/** GET /api/v1/auth/me (bearer) → { user }. */
export function meRoute(ctx: AuthContext): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    const user = await getCurrentUser(ctx, principalOf(res).userId);
    res.json({ user: toUserJson(user) } satisfies UserAnswer);
  };
}
