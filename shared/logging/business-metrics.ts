import type { Logger } from './logger';

/** The CloudWatch namespace of BookStore's business metrics (the dashboard reads it). */
export const METRICS_NAMESPACE = 'BookStore';

const UNITS = {
  OrdersPlaced: 'Count',
  PaymentsDeclined: 'Count',
  CheckoutLatency: 'Milliseconds',
  NotificationsSent: 'Count',
} as const;

export type BusinessMetric = keyof typeof UNITS;

/**
 * Writes one business metric as a CloudWatch embedded-metric-format line through the logger:
 * CloudWatch Logs turns the line into a metric (no API call, no client, nothing to batch), and
 * the line stays readable in the logs. The dimension is the logger's `service` binding, which
 * every deployable sets (origin, auth, catalog, notifications).
 */
export function recordMetric(
  logger: Logger,
  name: BusinessMetric,
  value: number,
  now: Date = new Date(),
): void {
  logger.info(
    {
      _aws: {
        Timestamp: now.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service']],
            Metrics: [{ Name: name, Unit: UNITS[name] }],
          },
        ],
      },
      [name]: value,
    },
    `metric ${name}`,
  );
}
