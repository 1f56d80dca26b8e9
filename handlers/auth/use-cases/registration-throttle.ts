import { AppError } from '../../../shared/errors/app-error';
import type { AuthContext } from '../auth-context';
import { throttleKey } from './login-throttle';

/**
 * Counts an account creation against the client address, or throws a 429 once it has created its
 * allowance for the window. Every attempt counts, a taken email too: registration costs a
 * memory-hard hash, and its "email taken" answer would otherwise let one client test addresses
 * without limit.
 */
export async function reserveRegistration(ctx: AuthContext, clientIp: string): Promise<void> {
  const { maxPerClient, windowSeconds } = ctx.config.registrationThrottle;
  const decision = await ctx.throttles.reserveAttempt(
    throttleKey('register', clientIp),
    { maxAttempts: maxPerClient, windowSeconds },
    ctx.now(),
  );
  if (!decision.allowed)
    throw new AppError(
      'too-many-registrations',
      429,
      'Too many accounts were created from your network. Try again later.',
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
}
