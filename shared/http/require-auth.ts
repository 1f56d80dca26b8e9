import type { RequestHandler, Response } from 'express';
import type { Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/token-verifier';
import type { UserRole } from '../domain/user-roles';
import { forbidden, invalidToken, unauthorized } from '../errors/app-error';

const BEARER_SCHEME = /^Bearer\s/i;
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** The verified caller of a request that passed requireAuth. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw unauthorized();
  return principal;
}

/** Where requireAuth reads an account's role as it is now (the user repository). */
export interface CurrentRoles {
  /** The account's role, or undefined when it no longer exists. */
  findRole(userId: number): Promise<UserRole | undefined>;
}

/**
 * Requires a valid Bearer access token and puts its principal on the response locals. The role is
 * read from the database on every request, not taken from the token: a demoted administrator's
 * token, which lives on until it expires, must not keep admin rights, and a token of a deleted
 * account is a 401 here rather than a foreign-key failure in whatever the route writes.
 *
 * Every answer of a bearer route is about its caller (their orders, sales, addresses), refusals
 * included: `Cache-Control: private, no-store` is set here, first, so no route can forget it and no
 * cache, shared or private, keeps one.
 */
export function requireAuth(verifier: TokenVerifier, roles: CurrentRoles): RequestHandler {
  return async (req, res, next) => {
    res.set('Cache-Control', 'private, no-store');
    const header = req.get('authorization') ?? '';
    const match = BEARER.exec(header);
    if (!match?.[1]) {
      const detail = 'Send an access token as "Authorization: Bearer <token>".';
      return next(BEARER_SCHEME.test(header) ? invalidToken(detail) : unauthorized(detail));
    }
    try {
      const claimed = await verifier.verify(match[1]);
      const role = await roles.findRole(claimed.userId);
      if (!role) return next(invalidToken('The account of this access token no longer exists.'));
      const principal: Principal = { ...claimed, role };
      res.locals.principal = principal;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Lets only administrators (by their current database role) through; use after requireAuth. */
export function requireAdmin(): RequestHandler {
  return (_req, res, next) => {
    next(
      principalOf(res).role === 'admin' ? undefined : forbidden('Only administrators may do this.'),
    );
  };
}
