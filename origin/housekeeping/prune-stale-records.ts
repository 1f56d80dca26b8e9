import type { IdempotencyRepository } from '../http/idempotency-repository';
import type { LoginThrottleRepository } from '../../shared/db/repositories/login-throttle-repository';
import type { RefreshTokenRepository } from '../../shared/db/repositories/refresh-token-repository';

/** How long an Idempotency-Key is remembered: a client retries within minutes, not days. */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Rows deleted per statement: small batches keep each DELETE's locks short on a busy table. */
const BATCH = 1000;
/** Batches per table per run; what is left waits for the next run. */
const MAX_BATCHES = 20;

export interface HousekeepingDependencies {
  idempotency: IdempotencyRepository;
  refreshTokens: RefreshTokenRepository;
  loginThrottles: LoginThrottleRepository;
  /** The longest window of the throttles that keep keys in the table. */
  throttleWindowSeconds: number;
}

export interface PrunedRecords {
  idempotencyRecords: number;
  refreshTokens: number;
  loginThrottles: number;
}

async function inBatches(prune: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const deleted = await prune(BATCH);
    total += deleted;
    if (deleted < BATCH) break;
  }
  return total;
}

/**
 * Deletes what no request can use any more, so the tables that grow with every request do not grow
 * for ever: idempotency records past their retention, expired refresh tokens (one row per login and
 * per refresh), and login throttle keys whose window and lock are over. Safe on several replicas at
 * once: each statement deletes only rows that stay deletable, whoever deletes them first.
 */
export async function pruneStaleRecords(
  deps: HousekeepingDependencies,
  now: Date,
): Promise<PrunedRecords> {
  const idempotencyCutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_MS);
  return {
    idempotencyRecords: await inBatches((limit) =>
      deps.idempotency.pruneCreatedBefore(idempotencyCutoff, limit),
    ),
    refreshTokens: await inBatches((limit) => deps.refreshTokens.pruneExpired(now, limit)),
    loginThrottles: await inBatches((limit) =>
      deps.loginThrottles.pruneIdle(now, deps.throttleWindowSeconds, limit),
    ),
  };
}
