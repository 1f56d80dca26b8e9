import { randomUUID } from 'node:crypto';
import { hashPassword, needsRehash, verifyPassword } from '../../../shared/auth/password-hashing';
import { unauthorized } from '../../../shared/errors/app-error';
import type { AuthContext } from '../auth-context';
import type { LoginInput } from '../../../shared/api/auth-schemas';
import { reserveLoginAttempt, settleSuccessfulLogin, throttleKeysFor } from './login-throttle';
import { startSession, type Session } from './start-session';

let decoyHash: Promise<string> | undefined;

/**
 * A hash of a random password at today's parameters, checked when the email is unknown so that an
 * unknown email takes as long as a wrong password (computed once per container).
 */
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(randomUUID());
  return decoyHash;
}

const invalidCredentials = () => unauthorized('The email or password is not correct.');

/**
 * Checks an email and password and starts a session. Unknown email and wrong password get the same
 * answer after the same work; attempts are throttled per (account, client address) and per client
 * address, so failures from one address never block the right password from another.
 */
export async function logIn(
  ctx: AuthContext,
  input: LoginInput & { clientIp: string },
): Promise<Session> {
  const keys = throttleKeysFor(input.email, input.clientIp);
  await reserveLoginAttempt(ctx, keys);
  const found = await ctx.users.findCredentialsByEmail(input.email);
  const matches = await verifyPassword(input.password, found?.passwordHash ?? (await decoy()));
  if (!found || !matches) throw invalidCredentials();
  await settleSuccessfulLogin(ctx, keys);
  if (needsRehash(found.passwordHash)) {
    await ctx.users.replacePasswordHash(found.user.id, await hashPassword(input.password));
  }
  return startSession(ctx, found.user);
}
