import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import type { AuthContext } from '../auth-context';

/** GET /.well-known/jwks.json → the public keys verifiers use; cacheable, unlike the rest of auth. */
export function jwksRoute(ctx: AuthContext): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    const jwks = await ctx.tokens.jwks();
    res.set('Cache-Control', 'public, max-age=300, stale-while-revalidate=600');
    res.json(jwks);
  };
}
