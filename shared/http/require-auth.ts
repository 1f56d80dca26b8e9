import type { RequestHandler, Response } from 'express';
import type { Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/token-verifier';
import { forbidden, unauthorized } from '../errors/app-error';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** The verified caller of a request that passed requireAuth. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw unauthorized();
  return principal;
}

/** Requires a valid Bearer access token and puts its principal on the response locals. */
export function requireAuth(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match?.[1])
      return next(unauthorized('Send an access token as "Authorization: Bearer <token>".'));
    try {
      res.locals.principal = await verifier.verify(match[1]);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Lets only administrators through; use after requireAuth. */
export function requireAdmin(): RequestHandler {
  return (_req, res, next) => {
    next(
      principalOf(res).role === 'admin' ? undefined : forbidden('Only administrators may do this.'),
    );
  };
}
