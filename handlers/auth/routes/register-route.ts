import type { RequestHandler } from 'express';
import { parseInput } from '../../../shared/http/parse-input';
import { noQuery } from '../../../shared/http/request-inputs';
import type { AuthContext } from '../auth-context';
import { registerUser } from '../use-cases/register-user';
import { registerBody } from '../../../shared/api/auth-schemas';
import { toUserJson } from './user-json';
import { clientAddress } from './client-address';
import type { UserAnswer } from '../../../shared/api/response-schemas';

/** POST /api/v1/auth/register: { name, email, password } → 201 { user }. */
export function registerRoute(ctx: AuthContext): RequestHandler {
  return async (req, res) => {
    parseInput(noQuery, req.query);
    const input = parseInput(registerBody, req.body);
    const clientIp = clientAddress(req);
    const user = await registerUser(ctx, { ...input, clientIp });
    res.status(201).json({ user: toUserJson(user) } satisfies UserAnswer);
  };
}
