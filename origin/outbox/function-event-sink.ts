import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from '../../shared/lambda/lambda-context';
import type { Logger } from '../../shared/logging/logger';
import type { OutboxEventRecord } from './outbox-repository';
import { toEventMessage, type EventSink } from './event-sink';
import { SQS_BATCH_LIMIT } from './sqs-event-sink';

/** A Lambda handler with an SQS event source and partial batch responses. */
export type SqsFunction = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface FunctionEventSinkOptions {
  /** How long a message the function failed waits before it is delivered again (visibility timeout). */
  retryDelayMs?: number;
  /** Deliveries of one message before it is given up on (the queue's maxReceiveCount). */
  maxReceiveCount?: number;
}

const LOCAL_QUEUE_ARN = 'arn:aws:sqs:local:000000000000:bookstore-order-events';

function toRecord(event: OutboxEventRecord): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body: JSON.stringify(toEventMessage(event)),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'bookstore-origin',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {
      eventId: { dataType: 'String', stringValue: event.eventId },
      eventType: { dataType: 'String', stringValue: event.type },
    },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: LOCAL_QUEUE_ARN,
    awsRegion: 'local',
  };
}

/**
 * The order-events queue in miniature, for runs without one (npm start, docker compose): it
 * accepts every batch at once, as SQS does, and then hands it to the function that consumes the
 * queue in AWS, in the same SQS-shaped batches. Delivery comes after the relay's transaction, never
 * inside it: the function writes to the same database (its deduplication record), and on SQLite
 * a write inside the relay's transaction would wait for that very transaction. One batch at a time
 * (one function instance); the messages it reports failed come back after `retryDelayMs` with
 * their receive count raised, and after `maxReceiveCount` deliveries they are logged and dropped,
 * where SQS would move them to the dead-letter queue. Held in memory: a message still waiting when
 * the process stops is lost, which a local run accepts.
 */
export function createFunctionEventSink(
  functionName: string,
  consume: SqsFunction,
  logger: Logger,
  options: FunctionEventSinkOptions = {},
): EventSink {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  let deliveries: Promise<void> = Promise.resolve();

  async function deliver(records: SQSRecord[]): Promise<void> {
    let failedIds: Set<string>;
    try {
      const { batchItemFailures } = await consume(
        { Records: records },
        lambdaContext(functionName, randomUUID()),
      );
      failedIds = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch (error) {
      logger.error({ err: error, function: functionName }, 'the function failed a whole batch');
      failedIds = new Set(records.map((record) => record.messageId));
    }
    const failed = records.filter((record) => failedIds.has(record.messageId));
    const again = failed.filter(
      (record) => Number(record.attributes.ApproximateReceiveCount) < maxReceiveCount,
    );
    if (failed.length > again.length)
      logger.error(
        { function: functionName, messages: failed.length - again.length, maxReceiveCount },
        'order events given up on after their last delivery (SQS would dead-letter them)',
      );
    if (again.length === 0) return;
    const retry = again.map((record) => ({
      ...record,
      attributes: {
        ...record.attributes,
        ApproximateReceiveCount: String(Number(record.attributes.ApproximateReceiveCount) + 1),
      },
    }));
    // Unreferenced: a pending retry does not keep a stopping process alive.
    setTimeout(() => enqueue(retry), retryDelayMs).unref();
  }

  function enqueue(records: SQSRecord[]): void {
    deliveries = deliveries.then(() => deliver(records));
  }

  return {
    name: `function:${functionName}`,
    publish(events) {
      if (events.length > SQS_BATCH_LIMIT)
        return Promise.reject(new RangeError(`at most ${SQS_BATCH_LIMIT} events per batch`));
      // Not within this call: the relay goes on to commit, and the function's transaction takes
      // its turn after that one.
      setImmediate(() => enqueue(events.map(toRecord)));
      return Promise.resolve({ published: events.map((event) => event.id), failed: [] });
    },
  };
}
