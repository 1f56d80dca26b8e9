import { REFRESH_COOKIE } from '../../../shared/api/auth-schemas';
import type { CookieOptions, Request, Response } from 'express';

/** The only path the browser sends it to. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

function cookieOptions(secure: boolean): CookieOptions {
  // HttpOnly: scripts never see it. SameSite=Strict: other sites cannot make the browser send it
  // (the CSRF defence of refresh and logout). Secure everywhere but local plain-http development.
  return { httpOnly: true, secure, sameSite: 'strict', path: REFRESH_COOKIE_PATH };
}

/**
 * Express stores a single Set-Cookie as a string; serverless-http only moves an array into the
 * payload 2.0 `cookies` field, which is where API Gateway HTTP APIs read cookies from.
 */
function keepSetCookieAsList(res: Response): void {
  const value = res.getHeader('Set-Cookie');
  if (typeof value === 'string') res.setHeader('Set-Cookie', [value]);
}

/** Sets the refresh cookie to expire with the refresh token. */
export function setRefreshCookie(
  res: Response,
  token: string,
  expiresAt: Date,
  secure: boolean,
): void {
  res.cookie(REFRESH_COOKIE, token, { ...cookieOptions(secure), expires: expiresAt });
  keepSetCookieAsList(res);
}

/** Tells the browser to forget the refresh cookie. */
export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(secure));
  keepSetCookieAsList(res);
}

/** The refresh cookie of a request, if it sent one. */
export function readRefreshCookie(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === REFRESH_COOKIE)
      return part.slice(separator + 1).trim();
  }
  return undefined;
}
