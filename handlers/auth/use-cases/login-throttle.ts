import { createHash } from 'node:crypto';
import type { ThrottleLimit } from '../../../shared/db/repositories/login-throttle-repository';
import { AppError } from '../../../shared/errors/app-error';
import type { AuthContext } from '../auth-context';

/** The two counters a login attempt spends from: its account and its client address. */
export interface ThrottleKeys {
  account: string;
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
  return { account: throttleKey('account', email), client: throttleKey('client', clientIp) };
}

function limits(ctx: AuthContext): { account: ThrottleLimit; client: ThrottleLimit } {
  const { maxAccountFailures, maxClientFailures, windowSeconds } = ctx.config.loginThrottle;
  return {
    account: { maxAttempts: maxAccountFailures, windowSeconds },
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

/** Counts an attempt against the account and the client, or throws a 429 when either is locked. */
export async function reserveLoginAttempt(ctx: AuthContext, keys: ThrottleKeys): Promise<void> {
  const limit = limits(ctx);
  const now = ctx.now();
  const account = await ctx.throttles.reserveAttempt(keys.account, limit.account, now);
  if (!account.allowed) throw throttled(account.retryAfterSeconds);
  const client = await ctx.throttles.reserveAttempt(keys.client, limit.client, now);
  if (!client.allowed) {
    await ctx.throttles.refundAttempt(keys.account, limit.account);
    throw throttled(client.retryAfterSeconds);
  }
}

/** A successful login: the account starts afresh and the client gets its attempt back. */
export async function settleSuccessfulLogin(ctx: AuthContext, keys: ThrottleKeys): Promise<void> {
  await ctx.throttles.clear(keys.account);
  await ctx.throttles.refundAttempt(keys.client, limits(ctx).client);
}
