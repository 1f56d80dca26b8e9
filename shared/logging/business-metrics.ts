import type { Logger } from './logger';

/** The CloudWatch namespace of BookStore's business metrics (the dashboard reads it). */
export const METRICS_NAMESPACE = 'BookStore';

const UNITS = {
  OrdersPlaced: 'Count',
  PaymentsDeclined: 'Count',
  CheckoutLatency: 'Milliseconds',
  // auth function: accounts created and refused by the per-address throttle, logins by outcome.
  Registrations: 'Count',
  RegistrationsThrottled: 'Count',
  LoginsSucceeded: 'Count',
  LoginsFailed: 'Count',
  LoginsThrottled: 'Count',
  // notifications function: e-mails sent, and order events that failed (left for a retry).
  NotificationsSent: 'Count',
  NotificationsFailed: 'Count',
} as const;

export type BusinessMetric = keyof typeof UNITS;

/** Every business metric the code may write (the dashboard shows each one). */
export const BUSINESS_METRICS = Object.keys(UNITS) as BusinessMetric[];

/** The outcome metric of a failed call, when its error is one a metric counts (else undefined). */
export function metricOfFailure(
  error: unknown,
  byCode: Partial<Record<string, BusinessMetric>>,
): BusinessMetric | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? byCode[code] : undefined;
}

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
