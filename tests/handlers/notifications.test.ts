import { randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createLogEmailSender,
  createSesEmailSender,
} from '../../handlers/notifications/email-sender';
import { createOrderEventsConsumer } from '../../handlers/notifications/order-events-consumer';
import { toEventMessage } from '../../origin/outbox/event-sink';
import type { Database } from '../../shared/db/create-database';
import type { OrderEventType } from '../../origin/outbox/outbox-repository';
import { createLogger } from '../../shared/logging/logger';
import { createBook, createUser, unique, type UserFixture } from '../support/factories';
import { openTestDatabase } from '../support/test-database';
import { captureLogs } from './log-capture';

const FROM = 'orders@shop.example.test';

/** A paid order of `buyer`, shipped to `shipTo`, with one line per book of each seller given. */
async function paidOrder(
  db: Database,
  buyer: UserFixture,
  sellers: UserFixture[],
  shipTo: { shipLine1?: string; deliveryProviderId?: number } = {},
) {
  const books = [];
  for (const seller of sellers) books.push(await createBook(db, seller.id, { priceCents: 1500 }));
  const order = await db.models.Order.create({
    buyerId: buyer.id,
    status: 'paid',
    totalCents: 1500 * books.length * 2,
    expiresAt: new Date(Date.now() + 60_000),
    ...(shipTo.shipLine1
      ? {
          shipName: 'Bea Buyer',
          shipLine1: shipTo.shipLine1,
          shipCity: 'Lisbon',
          shipPostalCode: '1100-148',
          shipCountry: 'PT',
        }
      : {}),
    deliveryProviderId: shipTo.deliveryProviderId ?? null,
  });
  for (const book of books) {
    await db.models.OrderLine.create({
      orderId: order.id,
      bookId: book.id,
      title: book.title,
      author: book.author,
      unitPriceCents: book.priceCents,
      quantity: 2,
    });
  }
  return { orderId: order.id, books };
}

/** An SQS record carrying an order event exactly as the origin's outbox relay writes it. */
function eventRecord(
  orderId: number,
  options: { type?: OrderEventType; eventId?: string } = {},
): SQSRecord {
  const message = toEventMessage({
    id: 1,
    eventId: options.eventId ?? randomUUID(),
    type: options.type ?? 'order.paid',
    aggregateType: 'order',
    aggregateId: orderId,
    payload: JSON.stringify({ orderId }),
    attempts: 0,
    createdAt: new Date(),
  });
  return rawRecord(JSON.stringify(message));
}

function rawRecord(body: string): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: `handle-${randomUUID()}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:bookstore-test-order-events',
    awsRegion: 'us-east-1',
  };
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** The e-mails SES was asked to send, as To / Subject / text body. */
function sentEmails(ses: ReturnType<typeof mockClient>) {
  return ses.commandCalls(SendEmailCommand).map((call) => {
    const { input } = call.args[0];
    return {
      to: input.Destination?.ToAddresses ?? [],
      subject: input.Content?.Simple?.Subject?.Data ?? '',
      text: input.Content?.Simple?.Body?.Text?.Data ?? '',
    };
  });
}

describe('notifications function: order events from SQS become e-mails through SES', () => {
  const ses = mockClient(SESv2Client);
  let db: Database;
  let consume: ReturnType<typeof createOrderEventsConsumer>;

  beforeAll(() => {
    db = openTestDatabase();
    consume = createOrderEventsConsumer({
      db,
      logger: createLogger('silent'),
      sender: createSesEmailSender(new SESv2Client({ region: 'us-east-1' }), FROM),
    });
  });

  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message' });
  });

  afterAll(() => db.close());

  test('when an order is paid, then the buyer gets a confirmation and each seller only what to ship, and where', async () => {
    const buyer = await createUser(db, { name: 'Bea Buyer' });
    const [alice, bob] = [await createUser(db), await createUser(db)] as [UserFixture, UserFixture];
    const provider = await db.models.DeliveryProvider.create({
      name: unique('Courier'),
      coverage: 'international',
      costCents: 500,
    });
    const { orderId, books } = await paidOrder(db, buyer, [alice, bob], {
      shipLine1: 'Rua Augusta 12',
      deliveryProviderId: provider.id,
    });
    const [aliceBook, bobBook] = books as [(typeof books)[number], (typeof books)[number]];

    const response = await consume(batch(eventRecord(orderId)));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 3);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: FROM,
      Destination: { ToAddresses: [buyer.email] },
      Content: {
        Simple: expect.objectContaining({
          Subject: expect.objectContaining({ Data: `Your order #${orderId} is confirmed` }),
        }) as unknown,
      },
    });
    const emails = sentEmails(ses);
    const toBuyer = emails.find((email) => email.to.includes(buyer.email));
    expect(toBuyer?.text).toContain(`order #${orderId}`);
    expect(toBuyer?.text).toContain('60.00 USD');
    expect(toBuyer?.text).toContain(aliceBook.title);
    expect(toBuyer?.text).toContain(bobBook.title);

    for (const [seller, own, other] of [
      [alice, aliceBook, bobBook],
      [bob, bobBook, aliceBook],
    ] as const) {
      const toSeller = emails.filter((email) => email.to.includes(seller.email));
      expect(toSeller).toHaveLength(1);
      expect(toSeller[0]).toEqual({
        to: [seller.email],
        subject: `Order #${orderId} is paid: please ship 2 books`,
        text: expect.stringContaining(`- 2 × ${own.title} by ${own.author}`) as unknown,
      });
      expect(toSeller[0]?.text).toContain(`order #${orderId}`);
      expect(toSeller[0]?.text).toContain(
        'Ship to:\nBea Buyer\nRua Augusta 12\n1100-148 Lisbon\nPT',
      );
      expect(toSeller[0]?.text).toContain(`Delivery: ${provider.name}`);
      expect(toSeller[0]?.text).not.toContain(other.title);
      expect(toSeller[0]?.text).not.toContain(buyer.email);
    }
  });

  test('when a batch holds an unparseable body and an event of a missing order, then only those two are reported failed and the others are sent', async () => {
    const buyer = await createUser(db);
    const seller = await createUser(db);
    const first = await paidOrder(db, buyer, [seller]);
    const second = await paidOrder(db, buyer, [seller]);
    const good1 = eventRecord(first.orderId);
    const garbled = rawRecord('{"eventId": "not closed');
    const missingOrder = eventRecord(2_000_000_000);
    const good2 = eventRecord(second.orderId);

    const response = await consume(batch(good1, garbled, missingOrder, good2));

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: garbled.messageId },
      { itemIdentifier: missingOrder.messageId },
    ]);
    const subjects = sentEmails(ses).map((email) => email.subject);
    expect(subjects).toEqual([
      `Your order #${first.orderId} is confirmed`,
      `Order #${first.orderId} is paid: please ship 2 books`,
      `Your order #${second.orderId} is confirmed`,
      `Order #${second.orderId} is paid: please ship 2 books`,
    ]);
  });

  test('when an event of a missing order is redelivered after the order exists, then it is sent (the failure claimed nothing)', async () => {
    const buyer = await createUser(db);
    const seller = await createUser(db);
    const { orderId } = await paidOrder(db, buyer, [seller]);
    const eventId = randomUUID();
    await db.models.OrderLine.destroy({ where: { orderId } });
    await db.models.Order.destroy({ where: { id: orderId } });
    const record = eventRecord(orderId, { eventId });

    const failed = await consume(batch(record));
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);

    const again = await paidOrder(db, buyer, [seller]);
    const retried = await consume(batch(eventRecord(again.orderId, { eventId })));

    expect(retried.batchItemFailures).toEqual([]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
  });

  test('when SES refuses an e-mail, then the message is reported failed and its retry sends the e-mails', async () => {
    const buyer = await createUser(db);
    const seller = await createUser(db);
    const { orderId } = await paidOrder(db, buyer, [seller]);
    const eventId = randomUUID();
    ses.on(SendEmailCommand).rejectsOnce(new Error('Throttling: Maximum sending rate exceeded'));
    const first = eventRecord(orderId, { eventId });

    const failed = await consume(batch(first));
    const retried = await consume(batch(eventRecord(orderId, { eventId })));

    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: first.messageId }]);
    expect(retried.batchItemFailures).toEqual([]);
    const delivered = sentEmails(ses).slice(1);
    expect(delivered.map((email) => email.to)).toEqual([[buyer.email], [seller.email]]);
  });

  test('when the same event is delivered twice, one after the other, then one set of e-mails is sent and both are acknowledged', async () => {
    const buyer = await createUser(db);
    const seller = await createUser(db);
    const { orderId } = await paidOrder(db, buyer, [seller]);
    const eventId = randomUUID();

    const first = await consume(batch(eventRecord(orderId, { eventId })));
    const second = await consume(batch(eventRecord(orderId, { eventId })));

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      Destination: { ToAddresses: [buyer.email] },
    });
  });

  test('when the same event arrives in two batches handled in parallel, then one set of e-mails is sent', async () => {
    const buyer = await createUser(db);
    const seller = await createUser(db);
    const { orderId } = await paidOrder(db, buyer, [seller]);
    const eventId = randomUUID();

    const responses = await Promise.all([
      consume(batch(eventRecord(orderId, { eventId }))),
      consume(batch(eventRecord(orderId, { eventId }))),
    ]);

    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(sentEmails(ses).map((email) => email.to)).toEqual([[buyer.email], [seller.email]]);
  });

  test('when events other than order.paid arrive, then they are acknowledged without an e-mail', async () => {
    const buyer = await createUser(db);
    const seller = await createUser(db);
    const { orderId } = await paidOrder(db, buyer, [seller]);

    const response = await consume(
      batch(
        eventRecord(orderId, { type: 'order.placed' }),
        eventRecord(orderId, { type: 'delivery.assigned' }),
        eventRecord(orderId, { type: 'order.cancelled' }),
      ),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
  });

  test('when a JSON body is not an order event, then it is reported failed', async () => {
    const record = rawRecord(JSON.stringify({ hello: 'world' }));

    const response = await consume(batch(record));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
  });
});

describe('notifications function without an SES sender', () => {
  let db: Database;
  let lines: Array<Record<string, unknown>>;
  let consume: ReturnType<typeof createOrderEventsConsumer>;
  let paid: { orderId: number; buyer: UserFixture; seller: UserFixture };

  beforeEach(async () => {
    db = openTestDatabase(2);
    const capture = captureLogs();
    lines = capture.lines;
    consume = createOrderEventsConsumer({
      db,
      logger: capture.logger,
      sender: createLogEmailSender(capture.logger),
    });
    const buyer = await createUser(db);
    const seller = await createUser(db);
    paid = { ...(await paidOrder(db, buyer, [seller])), buyer, seller };
  });

  afterEach(() => db.close());

  test('when an order is paid, then the e-mails are written to the log instead', async () => {
    const { orderId, buyer, seller } = paid;

    const response = await consume(batch(eventRecord(orderId)));

    expect(response.batchItemFailures).toEqual([]);
    const logged = lines.flatMap((line) =>
      line.email ? [line.email as { to: string; subject: string }] : [],
    );
    expect(logged.map((email) => [email.to, email.subject])).toEqual([
      [buyer.email, `Your order #${orderId} is confirmed`],
      [seller.email, `Order #${orderId} is paid: please ship 2 books`],
    ]);
  });

  test('when a batch holds a paid order and a poisoned message, then the e-mails sent and the failed event are counted as embedded metrics', async () => {
    await consume(batch(eventRecord(paid.orderId), rawRecord('not an order event')));

    const metrics = lines.flatMap((line) => {
      const emf = line._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } | undefined;
      const name = emf?.CloudWatchMetrics[0]?.Metrics[0]?.Name;
      return name ? [[name, line[name]]] : [];
    });
    expect(metrics).toEqual([
      ['NotificationsSent', 2],
      ['NotificationsFailed', 1],
    ]);
  });
});
