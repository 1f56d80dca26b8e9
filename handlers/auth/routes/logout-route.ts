import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import type { AuthContext } from '../auth-context';
import { logOut } from '../use-cases/log-out';
import { noBody } from '../../../shared/api/auth-schemas';
import { clearRefreshCookie, readRefreshCookie } from './refresh-cookie';

/** POST /api/v1/auth/logout: revokes the refresh cookie's session → 204, cookie cleared. */
export function logoutRoute(ctx: AuthContext, secureCookie: boolean): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    parseInput(noBody, req.body);
    await logOut(ctx, readRefreshCookie(req));
    clearRefreshCookie(res, secureCookie);
    res.status(204).end();
  };
}
