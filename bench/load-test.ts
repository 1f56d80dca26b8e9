import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with another status than expected, plus connection errors and time-outs. */
  failures: number;
}

const AUTOCANNON = join(__dirname, '..', 'node_modules', '.bin', 'autocannon');

/**
 * Loads a URL from a second process (autocannon) for a fixed time and connection count, and
 * returns its throughput and latency percentiles.
 */
export function loadTest(
  url: string,
  options: {
    connections: number;
    seconds: number;
    headers?: Record<string, string>;
    expectedStatus?: number;
  },
): Promise<LoadResult> {
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
    '-H',
    `${name}=${value}`,
  ]);
  const args = [
    '-c',
    String(options.connections),
    '-d',
    String(options.seconds),
    '--json',
    ...headerArgs,
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(AUTOCANNON, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const report = JSON.parse(output) as {
        requests: { average: number };
        latency: { p50: number; p99: number };
        statusCodeStats: Record<string, { count: number }>;
        errors: number;
        timeouts: number;
      };
      const expected = String(options.expectedStatus ?? 200);
      const unexpected = Object.entries(report.statusCodeStats)
        .filter(([status]) => status !== expected)
        .reduce((sum, [, stats]) => sum + stats.count, 0);
      resolve({
        requestsPerSecond: report.requests.average,
        p50Ms: report.latency.p50,
        p99Ms: report.latency.p99,
        failures: unexpected + report.errors + report.timeouts,
      });
    });
  });
}
