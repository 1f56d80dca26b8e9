import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Database } from '../../shared/db/create-database';
import { inTransaction } from '../../shared/db/repositories/unit-of-work';
import { recordMetric } from '../../shared/logging/business-metrics';
import type { Logger } from '../../shared/logging/logger';
import { orderEventMessageSchema } from '../../shared/domain/order-event-message';
import type { EmailSender } from './email-sender';
import { buyerConfirmation, sellerShippingRequests } from './order-emails';
import { createOrderNotificationRepository } from './order-notification-repository';

/** The name this consumer records its handled events under (processed_events.consumer). */
const CONSUMER = 'notifications';

export interface OrderEventsConsumerDeps {
  db: Database;
  logger: Logger;
  sender: EmailSender;
  now?: () => Date;
}

/** A message that can never be handled as it is; it is retried and then dead-lettered. */
class UnusableMessageError extends Error {
  override name = 'UnusableMessageError';
}

function parseMessage(record: SQSRecord) {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new UnusableMessageError('the body is not JSON');
  }
  const parsed = orderEventMessageSchema.safeParse(body);
  if (!parsed.success) throw new UnusableMessageError('the body is not an order event');
  return parsed.data;
}

/**
 * Consumes a batch of order events from SQS (partial batch responses): on `order.paid`, the buyer
 * gets a confirmation and each seller a list of what to ship; other event types need no e-mail.
 * Each message is handled on its own, and only the ids of those that failed are returned, so SQS
 * redelivers just those (and after maxReceiveCount moves them to the dead-letter queue).
 *
 * Idempotent on the event id: the claim in processed_events and the e-mails share one transaction,
 * so a redelivered or parallel copy of a handled event sends nothing, and a failure (rolled back)
 * leaves the event to the retry. Only a failure between sending and committing can repeat an e-mail.
 */
export function createOrderEventsConsumer(deps: OrderEventsConsumerDeps) {
  const { db, logger, sender } = deps;
  const now = deps.now ?? (() => new Date());
  const notifications = createOrderNotificationRepository(db, CONSUMER);

  async function handle(record: SQSRecord, log: Logger): Promise<void> {
    const message = parseMessage(record);
    if (message.type !== 'order.paid') {
      log.debug({ eventId: message.eventId, type: message.type }, 'order event needs no e-mail');
      return;
    }
    await inTransaction(db, async (tx) => {
      if (!(await notifications.claim(tx, message.eventId, now()))) {
        log.info({ eventId: message.eventId }, 'order event already handled: nothing sent');
        return;
      }
      const order = await notifications.findOrder(tx, message.aggregateId);
      if (!order) throw new UnusableMessageError(`order ${message.aggregateId} does not exist`);
      const emails = [buyerConfirmation(order), ...sellerShippingRequests(order)];
      for (const email of emails) {
        await sender.send(email);
      }
      recordMetric(log, 'NotificationsSent', emails.length);
      log.info(
        { eventId: message.eventId, orderId: order.id, sender: sender.name },
        'order confirmation and shipping requests sent',
      );
    });
  }

  /** Handles one batch; `log` is the invocation's logger (with the Lambda request id). */
  return async function consume(event: SQSEvent, log: Logger = logger): Promise<SQSBatchResponse> {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    // One at a time: a Lambda container holds one or two database connections.
    for (const record of event.Records) {
      try {
        await handle(record, log);
      } catch (error) {
        log.error(
          {
            err: error,
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
          },
          'order event failed: left on the queue for a retry',
        );
        recordMetric(log, 'NotificationsFailed', 1);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
