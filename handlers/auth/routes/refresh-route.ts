import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import { loggerOf } from '../../../shared/http/request-context';
import type { AuthContext } from '../auth-context';
import { refreshSession } from '../use-cases/refresh-session';
import { noBody } from '../../../shared/api/auth-schemas';
import { clearRefreshCookie, readRefreshCookie } from './refresh-cookie';
import { sendSession } from './session-response';

/** POST /api/v1/auth/refresh: the refresh cookie → a new access token and a rotated cookie. */
export function refreshRoute(ctx: AuthContext, secureCookie: boolean): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    parseInput(noBody, req.body);
    try {
      sendSession(
        res,
        await refreshSession(ctx, readRefreshCookie(req), loggerOf(res)),
        secureCookie,
      );
    } catch (error) {
      // A cookie that no longer works is useless to keep; the error handler still sends the problem.
      clearRefreshCookie(res, secureCookie);
      throw error;
    }
  };
}
