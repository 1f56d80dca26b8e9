import {
  SendMessageBatchCommand,
  SQSClient,
  type SendMessageBatchCommandInput,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createLogger } from '../../shared/logging/logger';
import { createFunctionEventSink } from '../../origin/outbox/function-event-sink';
import { createOutboxRelay } from '../../origin/outbox/outbox-relay';
import { createSqsEventSink } from '../../origin/outbox/sqs-event-sink';
import {
  createCaller,
  createSellerWithBook,
  eventsOf,
  placeOrder,
  startOriginTestApp,
  type OriginTestApp,
} from './origin-test-app';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/bookstore-order-events.fifo';

let harness: OriginTestApp;
const sqs = mockClient(SQSClient);
const silent = createLogger('silent');

type Entry = NonNullable<SendMessageBatchCommandInput['Entries']>[number];

function relayTo(queueUrl = QUEUE_URL) {
  const sink = createSqsEventSink(new SQSClient({ region: 'us-east-1' }), queueUrl);
  return createOutboxRelay({ db: harness.db, outbox: harness.ctx.outbox, sink, logger: silent });
}

/** SQS accepting every entry. */
function acceptAll() {
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: (input.Entries ?? []).map((entry) => ({
      Id: entry.Id,
      MessageId: `m-${entry.Id}`,
      MD5OfMessageBody: 'x',
    })),
    Failed: [],
  }));
}

function sentEntries(): Entry[] {
  return sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((call) => call.args[0].input.Entries ?? []);
}

async function placeOrders(count: number): Promise<number[]> {
  const { book } = await createSellerWithBook(harness, { stock: 100 });
  const ids = [];
  // A buyer each: one buyer may hold only a few unpaid orders at once.
  for (let index = 0; index < count; index += 1) {
    const buyer = await createCaller(harness);
    ids.push((await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }])).id);
  }
  return ids;
}

async function outboxRow(orderId: number) {
  const row = await harness.db.models.OutboxEvent.findOne({
    where: { aggregateId: orderId, type: 'order.placed' },
  });
  if (!row) throw new Error(`no event for order ${orderId}`);
  return row;
}

beforeAll(async () => {
  harness = await startOriginTestApp();
});

beforeEach(async () => {
  // Earlier tests (and, on MariaDB, earlier files) leave events behind: publish them first so each
  // test sees only its own.
  sqs.reset();
  acceptAll();
  await relayTo().relayPending();
  sqs.reset();
});

afterAll(async () => {
  sqs.restore();
  await harness.close();
});

describe('the outbox relay', () => {
  test('when events are pending, then they are sent in batches of at most 10 with the event id for deduplication, and marked published', async () => {
    const orderIds = await placeOrders(12);
    acceptAll();

    const result = await relayTo().relayPending();

    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 2]);
    expect(result).toEqual({ published: 12, failed: 0 });
    const first = await outboxRow(orderIds[0]!);
    const entry = sentEntries().find((sent) => sent.Id === String(first.id));
    expect(entry).toMatchObject({
      MessageDeduplicationId: first.eventId,
      MessageGroupId: `order-${orderIds[0]}`,
      MessageAttributes: {
        eventId: { DataType: 'String', StringValue: first.eventId },
        eventType: { DataType: 'String', StringValue: 'order.placed' },
      },
    });
    expect(JSON.parse(entry!.MessageBody!)).toMatchObject({
      eventId: first.eventId,
      type: 'order.placed',
      aggregateId: orderIds[0],
      data: { orderId: orderIds[0] },
    });
    expect(first.publishedAt).not.toBeNull();
  });

  test('when the queue is a standard queue, then the event id travels as a message attribute only', async () => {
    await placeOrders(1);
    acceptAll();

    await relayTo(
      'https://sqs.us-east-1.amazonaws.com/123456789012/bookstore-order-events',
    ).relayPending();

    expect(sentEntries()[0]).not.toHaveProperty('MessageDeduplicationId');
    expect(sentEntries()[0]?.MessageAttributes?.eventId?.StringValue).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('when SQS accepts only part of a batch, then only the accepted events are marked and the rest are retried with their error', async () => {
    const orderIds = await placeOrders(4);
    const refused = await outboxRow(orderIds[1]!);
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
      Successful: (input.Entries ?? [])
        .filter((entry) => entry.Id !== String(refused.id))
        .map((entry) => ({ Id: entry.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
      Failed: [
        { Id: String(refused.id), Code: 'InternalError', Message: 'try again', SenderFault: false },
      ],
    }));

    const first = await relayTo().relayPending();
    const afterFailure = await outboxRow(orderIds[1]!);
    sqs.reset();
    acceptAll();
    const retry = await relayTo().relayPending();

    expect(first).toEqual({ published: 3, failed: 1 });
    expect(afterFailure.publishedAt).toBeNull();
    expect(afterFailure.attempts).toBe(1);
    expect(afterFailure.lastError).toBe('InternalError: try again');
    expect(retry).toEqual({ published: 1, failed: 0 });
    expect(sentEntries().map((entry) => entry.Id)).toEqual([String(refused.id)]);
    const published = await outboxRow(orderIds[1]!);
    expect(published.publishedAt).not.toBeNull();
    expect(published.attempts).toBe(2);
    for (const orderId of orderIds) expect((await eventsOf(harness.db, orderId)).length).toBe(1);
  });

  test('when SQS cannot be reached at all, then nothing is marked and every event keeps its error for the next run', async () => {
    const [orderId] = await placeOrders(1);
    sqs.on(SendMessageBatchCommand).rejects(new Error('connect ETIMEDOUT'));

    const result = await relayTo().relayPending();

    expect(result).toEqual({ published: 0, failed: 1 });
    const row = await outboxRow(orderId!);
    expect(row.publishedAt).toBeNull();
    expect(row.lastError).toBe('Error: connect ETIMEDOUT');
  });

  test('when several relays run at once, then every event is sent exactly once', async () => {
    const orderIds = await placeOrders(25);
    acceptAll();

    await Promise.all([
      relayTo().relayPending(),
      relayTo().relayPending(),
      relayTo().relayPending(),
    ]);

    const ids = sentEntries().map((entry) => entry.Id);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    for (const orderId of orderIds) expect((await outboxRow(orderId)).publishedAt).not.toBeNull();
  });

  test('when no queue is configured, then the events are marked published and the consuming function gets them in SQS-shaped batches, a failed one again', async () => {
    const orderIds = await placeOrders(3);
    const refused = await outboxRow(orderIds[1]!);
    const deliveries: SQSRecord[][] = [];
    let redelivered: () => void = () => {};
    const secondDelivery = new Promise<void>((resolve) => (redelivered = resolve));
    const sink = createFunctionEventSink(
      'notifications',
      (event) => {
        deliveries.push(event.Records);
        const failures = event.Records.filter(
          (record) => record.messageAttributes.eventId?.stringValue === refused.eventId,
        ).filter((record) => record.attributes.ApproximateReceiveCount === '1');
        if (deliveries.length > 1 && failures.length === 0) redelivered();
        return Promise.resolve({
          batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })),
        });
      },
      silent,
      { retryDelayMs: 0 },
    );
    const relay = createOutboxRelay({
      db: harness.db,
      outbox: harness.ctx.outbox,
      sink,
      logger: silent,
    });

    const result = await relay.relayPending();
    await secondDelivery;

    expect(result).toEqual({ published: 3, failed: 0 });
    for (const orderId of orderIds) expect((await outboxRow(orderId)).publishedAt).not.toBeNull();
    const [first, second] = deliveries as [SQSRecord[], SQSRecord[]];
    expect(
      first.map((record) => (JSON.parse(record.body) as { aggregateId: number }).aggregateId),
    ).toEqual(orderIds);
    for (const record of first) {
      expect(record.eventSource).toBe('aws:sqs');
      expect(JSON.parse(record.body)).toEqual(
        expect.objectContaining({
          type: 'order.placed',
          eventId: record.messageAttributes.eventId?.stringValue,
        }),
      );
    }
    expect(second).toHaveLength(1);
    expect(second[0]?.messageAttributes.eventId?.stringValue).toBe(refused.eventId);
    expect(second[0]?.attributes.ApproximateReceiveCount).toBe('2');
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
