import type { OutboxEventRecord } from './outbox-repository';
import type { OrderEventMessage } from '../../shared/domain/order-event-message';

/** What a sink did with a batch: the outbox row ids it accepted, and why the others failed. */
export interface PublishResult {
  published: number[];
  failed: Array<{ id: number; error: string }>;
}

/** Where the relay delivers order events: SQS in AWS, the log locally. */
export interface EventSink {
  readonly name: string;
  publish(events: OutboxEventRecord[]): Promise<PublishResult>;
}

/** Builds the message of an outbox event. */
export function toEventMessage(event: OutboxEventRecord): OrderEventMessage {
  return {
    eventId: event.eventId,
    type: event.type,
    aggregateType: event.aggregateType,
    aggregateId: event.aggregateId,
    occurredAt: Number.isNaN(event.createdAt.getTime())
      ? new Date().toISOString()
      : event.createdAt.toISOString(),
    data: JSON.parse(event.payload) as unknown,
  };
}
