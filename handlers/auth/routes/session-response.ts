import type { Response } from 'express';
import type { Session } from '../use-cases/start-session';
import { setRefreshCookie } from './refresh-cookie';
import { toUserJson } from './user-json';
import type { SessionAnswer } from '../../../shared/api/response-schemas';

/** Answers with the access token and user, and puts the refresh token in its cookie. */
export function sendSession(res: Response, session: Session, secureCookie: boolean): void {
  setRefreshCookie(res, session.refreshToken, session.refreshExpiresAt, secureCookie);
  res.status(200).json({
    accessToken: session.accessToken,
    tokenType: 'Bearer',
    expiresIn: session.expiresIn,
    user: toUserJson(session.user),
  } satisfies SessionAnswer);
}
