import type { Logger } from '../../shared/logging/logger';
import { toEventMessage, type EventSink } from './event-sink';

/** The local default when no queue is configured: each event becomes one structured log line. */
export function createLogEventSink(logger: Logger): EventSink {
  return {
    name: 'log',
    publish(events) {
      for (const event of events) logger.info({ orderEvent: toEventMessage(event) }, 'order event');
      return Promise.resolve({ published: events.map((event) => event.id), failed: [] });
    },
  };
}
