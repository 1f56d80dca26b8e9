import { z } from 'zod';

/**
 * The body of an order-event message on the queue, as the origin's outbox relay sends it and the
 * consumers read it. `eventId` is stable across redeliveries, so consumers deduplicate on it.
 */
export const orderEventMessageSchema = z.object({
  eventId: z.string().min(1).max(36),
  type: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.number().int().positive(),
  occurredAt: z.string(),
  data: z.unknown(),
});

export type OrderEventMessage = z.infer<typeof orderEventMessageSchema>;
