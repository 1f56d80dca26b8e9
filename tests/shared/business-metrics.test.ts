import { Writable } from 'node:stream';
import pino from 'pino';
import { METRICS_NAMESPACE, recordMetric } from '../../shared/logging/business-metrics';

/** A logger like the deployables' (a `service` binding), writing its lines into an array. */
function capturingLogger(service: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info', base: { service } }, sink), lines };
}

describe('business metrics as embedded-metric-format log lines', () => {
  test('when a metric is recorded, then the line is valid EMF: namespace, the service dimension, unit and the value at the root', () => {
    const { logger, lines } = capturingLogger('origin');
    const at = new Date('2026-11-30T12:00:00.000Z');

    recordMetric(logger, 'CheckoutLatency', 42.5, at);

    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line._aws).toEqual({
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['service']],
          Metrics: [{ Name: 'CheckoutLatency', Unit: 'Milliseconds' }],
        },
      ],
    });
    expect(line.service).toBe('origin');
    expect(line.CheckoutLatency).toBe(42.5);
  });

  test('when a count is recorded, then its unit is Count', () => {
    const { logger, lines } = capturingLogger('origin');

    recordMetric(logger, 'PaymentsDeclined', 1);

    const metrics = (lines[0]?._aws as { CloudWatchMetrics: { Metrics: unknown[] }[] })
      .CloudWatchMetrics[0]?.Metrics;
    expect(metrics).toEqual([{ Name: 'PaymentsDeclined', Unit: 'Count' }]);
    expect(lines[0]?.PaymentsDeclined).toBe(1);
  });
});
