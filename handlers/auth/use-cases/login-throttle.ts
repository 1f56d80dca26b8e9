import { createHash } from 'node:crypto';
import type { ThrottleLimit } from '../../../shared/db/repositories/login-throttle-repository';
import { AppError } from '../../../shared/errors/app-error';
import type { AuthContext } from '../auth-context';

/**
 * The two counters a login attempt spends from: its account as tried from this client address, and
 * the client address. Never the account alone: a counter any address can fill would let anyone lock
 * an owner out of their own account.
 */
export interface ThrottleKeys {
  accountAtClient: string;
  client: string;
}

/**
 * A throttle table key. Hashed so the table holds neither emails nor IP addresses, and fits its
 * column whatever the input.
 */
export function throttleKey(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('hex')}`;
}

export function throttleKeysFor(email: string, clientIp: string): ThrottleKeys {
  return {
    accountAtClient: throttleKey('account-client', JSON.stringify([email, clientIp])),
    client: throttleKey('client', clientIp),
  };
}

function limits(ctx: AuthContext): { accountAtClient: ThrottleLimit; client: ThrottleLimit } {
  const { maxAccountFailures, maxClientFailures, windowSeconds } = ctx.config.loginThrottle;
  return {
    accountAtClient: { maxAttempts: maxAccountFailures, windowSeconds },
    client: { maxAttempts: maxClientFailures, windowSeconds },
  };
}

const throttled = (retryAfterSeconds: number) =>
  // One message for both counters: it must not tell an attacker whether the account exists or is targeted.
  new AppError(
    'too-many-login-attempts',
    429,
    'Too many failed sign-in attempts. Try again later.',
    {
      retryAfterSeconds,
    },
  );

/**
 * Counts an attempt against the account from this address and against the address, or throws a 429
 * when either is locked.
 */
export async function reserveLoginAttempt(ctx: AuthContext, keys: ThrottleKeys): Promise<void> {
  const limit = limits(ctx);
  const now = ctx.now();
  const pair = await ctx.throttles.reserveAttempt(keys.accountAtClient, limit.accountAtClient, now);
  if (!pair.allowed) throw throttled(pair.retryAfterSeconds);
  const client = await ctx.throttles.reserveAttempt(keys.client, limit.client, now);
  if (!client.allowed) {
    await ctx.throttles.refundAttempt(keys.accountAtClient, limit.accountAtClient);
    throw throttled(client.retryAfterSeconds);
  }
}

/** A successful login: the account starts afresh at this address, which gets its attempt back. */
export async function settleSuccessfulLogin(ctx: AuthContext, keys: ThrottleKeys): Promise<void> {
  await ctx.throttles.clear(keys.accountAtClient);
  await ctx.throttles.refundAttempt(keys.client, limits(ctx).client);
}
