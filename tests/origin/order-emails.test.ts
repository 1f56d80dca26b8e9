import { createConfiguredEmailSender } from '../../handlers/notifications/email-sender';
import { createOrderEventsConsumer } from '../../handlers/notifications/order-events-consumer';
import { createFunctionEventSink } from '../../origin/outbox/function-event-sink';
import { createOutboxRelay, type OutboxRelay } from '../../origin/outbox/outbox-relay';
import { loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/logging/logger';
import { startTestMailCatcher, type TestMailCatcher } from '../support/mail-catcher';
import {
  createCaller,
  createSellerWithBook,
  payOrder,
  placeOrder,
  startOriginTestApp,
  type OriginTestApp,
} from './origin-test-app';

// The local path of the order e-mails, with nothing mocked in between: the outbox relay hands
// SQS-shaped batches to the notifications function's consumer, whose sender the configuration
// chooses (SMTP_URL: SMTP), to a real MailDev read back through its REST API.
let harness: OriginTestApp;
let mail: TestMailCatcher;
let relay: OutboxRelay;

beforeAll(async () => {
  [harness, mail] = await Promise.all([startOriginTestApp(), startTestMailCatcher()]);
  relay = localRelay();
});

afterAll(async () => {
  await mail.close();
  await harness.close();
});

/** One relay, one local queue: its deliveries to the function come one after another, in order. */
function localRelay(): OutboxRelay {
  const logger = createLogger('silent');
  const config = loadConfig({ SMTP_URL: mail.smtpUrl, DATABASE_URL: 'sqlite::memory:' });
  const consume = createOrderEventsConsumer({
    db: harness.db,
    logger,
    sender: createConfiguredEmailSender(config, logger),
  });
  return createOutboxRelay({
    db: harness.db,
    outbox: harness.ctx.outbox,
    sink: createFunctionEventSink('notifications', (event) => consume(event), logger),
    logger,
  });
}

describe('order e-mails locally: outbox relay → notifications function → SMTP → MailDev', () => {
  test('when an order is paid and the relay runs, then the buyer and the seller find e-mails naming the order', async () => {
    const { seller, book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await payOrder(harness, buyer, order.id);

    const result = await relay.relayPending();

    expect(result.failed).toBe(0);
    const toBuyer = await mail.waitForEmail((email) =>
      email.to.some((to) => to.address === buyer.email),
    );
    expect(toBuyer.subject).toBe(`Your order #${order.id} is confirmed`);
    expect(toBuyer.text).toContain(book.title);
    expect(toBuyer.from[0]?.address).toBe('orders@bookstore.local');
    const toSeller = await mail.waitForEmail((email) =>
      email.to.some((to) => to.address === seller.email),
    );
    expect(toSeller.subject).toBe(`Order #${order.id} is paid: please ship 1 book`);
  });

  test('when the same paid event is relayed again, then no second e-mail is sent', async () => {
    const { book } = await createSellerWithBook(harness, { stock: 5 });
    const buyer = await createCaller(harness);
    const order = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await payOrder(harness, buyer, order.id);
    await relay.relayPending();
    await mail.waitForEmail((email) => email.to.some((to) => to.address === buyer.email));
    const paid = await harness.db.models.OutboxEvent.findOne({
      where: { aggregateId: order.id, type: 'order.paid' },
    });
    await paid!.update({ publishedAt: null });

    const again = await relay.relayPending();
    // The queue delivers in order: the later order's e-mail comes after anything the redelivery
    // could have sent.
    const later = await placeOrder(harness, buyer, [{ bookId: book.id, quantity: 1 }]);
    await payOrder(harness, buyer, later.id);
    await relay.relayPending();
    await mail.waitForEmail((email) => email.subject === `Your order #${later.id} is confirmed`);

    expect(again).toEqual({ published: 1, failed: 0 });
    const emails = await fetch(`${mail.webUrl}/api/email`).then((response) => response.json());
    const confirmations = (emails as Array<{ subject: string }>).filter(
      (email) => email.subject === `Your order #${order.id} is confirmed`,
    );
    expect(confirmations).toHaveLength(1);
  });
});
