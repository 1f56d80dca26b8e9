import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toEventMessage, type EventSink, type PublishResult } from './event-sink';

/** SendMessageBatch takes at most 10 entries. */
export const SQS_BATCH_LIMIT = 10;

/**
 * Publishes outbox events to an SQS queue with SendMessageBatch. Every message carries its event id
 * as a message attribute; on a FIFO queue it is also the MessageDeduplicationId (standard queues
 * reject that field) and the order is the message group. A batch can partly fail: the entries SQS
 * accepted and those it refused are reported separately so the relay marks only the former.
 */
export function createSqsEventSink(client: SQSClient, queueUrl: string): EventSink {
  const fifo = queueUrl.endsWith('.fifo');
  return {
    name: 'sqs',
    async publish(events): Promise<PublishResult> {
      if (events.length > SQS_BATCH_LIMIT)
        throw new RangeError(`at most ${SQS_BATCH_LIMIT} events per batch`);
      const response = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: events.map((event) => ({
            // Only needs to be unique within the batch; the outbox row id maps answers back.
            Id: String(event.id),
            MessageBody: JSON.stringify(toEventMessage(event)),
            MessageAttributes: {
              eventId: { DataType: 'String', StringValue: event.eventId },
              eventType: { DataType: 'String', StringValue: event.type },
            },
            ...(fifo
              ? {
                  MessageDeduplicationId: event.eventId,
                  MessageGroupId: `${event.aggregateType}-${event.aggregateId}`,
                }
              : {}),
          })),
        }),
      );
      const published = (response.Successful ?? []).map((entry) => Number(entry.Id));
      const failed = (response.Failed ?? []).map((entry) => ({
        id: Number(entry.Id),
        error: `${entry.Code ?? 'Failed'}: ${entry.Message ?? 'no message'}${entry.SenderFault ? ' (sender fault)' : ''}`,
      }));
      // An entry SQS answered neither way was not accepted: it is tried again.
      const answered = new Set([...published, ...failed.map((entry) => entry.id)]);
      for (const event of events) {
        if (!answered.has(event.id))
          failed.push({ id: event.id, error: 'SQS did not answer for this entry' });
      }
      return { published, failed };
    },
  };
}
