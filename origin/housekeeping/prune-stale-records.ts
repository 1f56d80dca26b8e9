import type { IdempotencyRepository } from '../http/idempotency-repository';
import type { OutboxRepository } from '../outbox/outbox-repository';
import type { LoginThrottleRepository } from '../../shared/db/repositories/login-throttle-repository';
import type { RefreshTokenRepository } from '../../shared/db/repositories/refresh-token-repository';
import type { ProcessedEventRepository } from './processed-event-repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long an Idempotency-Key is remembered: a client retries within minutes, not days. */
export const IDEMPOTENCY_KEY_RETENTION_MS = DAY_MS;

/**
 * How long a published order event stays in the outbox. Nothing reads it once the queue has it;
 * it is kept to debug a delivery ("was the paid event of order 123 sent, when, after how many
 * attempts, with what payload"). A failed delivery shows within minutes (the dead-letter alarm),
 * and a week leaves room to look at one reported after a weekend. Unpublished events are never
 * pruned, however old.
 */
export const PUBLISHED_EVENT_RETENTION_MS = 7 * DAY_MS;

/**
 * How long the record of a handled order event is kept (processed_events): as long as SQS could
 * still deliver a copy of that event, or the copy would send its e-mails again. From
 * infra/events-and-files.yml (tests/deploy/topology.test.ts holds this constant above the sum):
 * - the order-events queue keeps a message 4 days (MessageRetentionPeriod 345600), redelivering
 *   it until it is handled or, after 5 receives, moved to the dead-letter queue;
 * - the dead-letter queue keeps it 14 days (1209600), counted from its first enqueue (a standard
 *   queue keeps that time when it moves a message); nothing consumes it there;
 * - the documented redrive (docs/deploy.md) sends it back as a new message, 4 more days on the
 *   queue: a copy can arrive up to 14 + 4 = 18 days after its event was first sent, and the
 *   first send precedes the first handling.
 * The 3 days of margin cover a copy sent later than the first (the relay publishes an event again
 * when it stopped between the send and the mark, on its next run after an outage) and the clocks
 * of the function that records and the origin that prunes. A message redriven, dead-lettered again
 * and redriven a second time could outlive it.
 */
export const PROCESSED_EVENT_RETENTION_MS = 21 * DAY_MS;

/** Rows deleted per statement: small batches keep each DELETE's locks short on a busy table. */
export const PRUNE_BATCH_ROWS = 1000;
/** Batches per table per run; what is left waits for the next run. */
export const PRUNE_BATCHES_PER_RUN = 20;

export interface HousekeepingDependencies {
  idempotency: IdempotencyRepository;
  refreshTokens: RefreshTokenRepository;
  loginThrottles: LoginThrottleRepository;
  /** The longest window of the throttles that keep keys in the table. */
  throttleWindowSeconds: number;
  outbox: OutboxRepository;
  processedEvents: ProcessedEventRepository;
}

export interface PrunedRecords {
  idempotencyRecords: number;
  refreshTokens: number;
  loginThrottles: number;
  publishedEvents: number;
  processedEvents: number;
}

async function inBatches(prune: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < PRUNE_BATCHES_PER_RUN; batch += 1) {
    const deleted = await prune(PRUNE_BATCH_ROWS);
    total += deleted;
    if (deleted < PRUNE_BATCH_ROWS) break;
  }
  return total;
}

/**
 * Deletes what no request can use any more, so the tables that grow with every request do not grow
 * for ever: idempotency records past their retention, expired refresh tokens (one row per login and
 * per refresh), login throttle keys whose window and lock are over, order events published longer
 * ago than their retention (one row per order change), and the records of handled events no copy
 * can come back for (one row per paid order). Safe on several replicas at once: each statement
 * deletes only rows that stay deletable, whoever deletes them first.
 */
export async function pruneStaleRecords(
  deps: HousekeepingDependencies,
  now: Date,
): Promise<PrunedRecords> {
  const before = (retentionMs: number) => new Date(now.getTime() - retentionMs);
  const idempotencyCutoff = before(IDEMPOTENCY_KEY_RETENTION_MS);
  const publishedCutoff = before(PUBLISHED_EVENT_RETENTION_MS);
  const processedCutoff = before(PROCESSED_EVENT_RETENTION_MS);
  return {
    idempotencyRecords: await inBatches((limit) =>
      deps.idempotency.pruneCreatedBefore(idempotencyCutoff, limit),
    ),
    refreshTokens: await inBatches((limit) => deps.refreshTokens.pruneExpired(now, limit)),
    loginThrottles: await inBatches((limit) =>
      deps.loginThrottles.pruneIdle(now, deps.throttleWindowSeconds, limit),
    ),
    publishedEvents: await inBatches((limit) =>
      deps.outbox.prunePublishedBefore(publishedCutoff, limit),
    ),
    processedEvents: await inBatches((limit) =>
      deps.processedEvents.pruneHandledBefore(processedCutoff, limit),
    ),
  };
}
