import { hashPassword } from '../../../shared/auth/password-hashing';
import type { UserRecord } from '../../../shared/db/repositories/user-repository';
import { AppError } from '../../../shared/errors/app-error';
import type { AuthContext } from '../auth-context';
import type { RegisterInput } from '../../../shared/api/auth-schemas';
import { reserveRegistration } from './registration-throttle';

// The field is named so a form can show the conflict next to the email it concerns.
const emailTaken = () =>
  new AppError('email-taken', 409, 'An account with this email already exists.', {
    errors: [{ path: 'email', message: 'is already registered; sign in instead' }],
  });

/** Creates a customer account. The email's uniqueness is decided by the database's unique index. */
export async function registerUser(
  ctx: AuthContext,
  input: RegisterInput & { clientIp: string },
): Promise<UserRecord> {
  await reserveRegistration(ctx, input.clientIp);
  // Cheap early answer for the common case; the insert below still handles a concurrent duplicate.
  if (await ctx.users.findCredentialsByEmail(input.email)) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  const user = await ctx.users.create({ name: input.name, email: input.email, passwordHash });
  if (!user) throw emailTaken();
  return user;
}
