import type { Database } from '../../shared/db/create-database';
import type { OutboxRepository } from './outbox-repository';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import type { Logger } from '../../shared/logging/logger';
import type { EventSink, PublishResult } from './event-sink';
import { SQS_BATCH_LIMIT } from './sqs-event-sink';

export interface OutboxRelayOptions {
  db: Database;
  outbox: OutboxRepository;
  sink: EventSink;
  logger: Logger;
  now?: () => Date;
  batchSize?: number;
  /** Upper bound of batches per run, so one run cannot go on forever behind a busy writer. */
  maxBatchesPerRun?: number;
}

export interface RelayRunResult {
  published: number;
  failed: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Publishes unpublished outbox events, oldest first, in batches: at least once, since an event is
 * marked only after the sink accepted it (a crash in between publishes it again, and consumers
 * deduplicate on the event id). Each batch is claimed with row locks that other replicas' relays
 * skip, so several replicas relay side by side without sending the same batch twice.
 */
export function createOutboxRelay(options: OutboxRelayOptions) {
  const { db, outbox, sink, logger } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = Math.min(options.batchSize ?? SQS_BATCH_LIMIT, SQS_BATCH_LIMIT);
  const maxBatches = options.maxBatchesPerRun ?? 50;

  async function relayBatch(): Promise<{ claimed: number } & RelayRunResult> {
    return inTransaction(
      db,
      async (tx) => {
        const events = await outbox.claimUnpublished(tx, batchSize);
        if (events.length === 0) return { claimed: 0, published: 0, failed: 0 };
        let result: PublishResult;
        try {
          result = await sink.publish(events);
        } catch (error) {
          result = {
            published: [],
            failed: events.map((event) => ({ id: event.id, error: describe(error) })),
          };
        }
        await outbox.markPublished(tx, result.published, now());
        for (const failure of result.failed)
          await outbox.recordFailure(tx, failure.id, failure.error);
        if (result.failed.length > 0) {
          logger.warn(
            { sink: sink.name, failed: result.failed },
            'some order events were not published; retrying later',
          );
        }
        return {
          claimed: events.length,
          published: result.published.length,
          failed: result.failed.length,
        };
      },
      { readCommitted: true },
    );
  }

  return {
    /** Publishes what is pending now; stops early after a batch with failures (retried next run). */
    async relayPending(): Promise<RelayRunResult> {
      const total: RelayRunResult = { published: 0, failed: 0 };
      for (let batch = 0; batch < maxBatches; batch += 1) {
        const { claimed, published, failed } = await relayBatch();
        total.published += published;
        total.failed += failed;
        if (claimed < batchSize || failed > 0) break;
      }
      return total;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
