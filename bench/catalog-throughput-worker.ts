import express from 'express';
import serverless from 'serverless-http';

/**
 * One candidate of bench/catalog-throughput.ts, in a process of its own: the exported handler builds
 * its database at module scope, so a process holds one configuration of it. Invokes its handler back to back (as one Lambda container does, one event at a
 * time) for a fixed time after a warm-up, then prints one JSON line with the results.
 *
 *   tsx bench/catalog-throughput-worker.ts <candidate> <seconds> <firstBookId> <lastBookId>
 */

type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode?: number; body?: string }>;

export const CANDIDATES = ['baseline', 'list', 'detail', 'list-cached'] as const;
export type Candidate = (typeof CANDIDATES)[number];

export interface WorkerResult {
  candidate: Candidate;
  invocations: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

let requestNumber = 0;

function event(path: string, query = ''): unknown {
  requestNumber += 1;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { host: 'shop.example.com', 'user-agent': 'bench' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'shop.example.com',
      domainPrefix: 'shop',
      http: {
        method: 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'bench',
      },
      requestId: `bench-${requestNumber}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

const context = () => ({
  awsRequestId: `bench-${requestNumber}`,
  getRemainingTimeInMillis: () => 10_000,
});

/** The same express + serverless-http stack answering a canned catalog page: everything but the database. */
function baselineHandler(cannedBody: string): Handler {
  const app = express();
  app.set('etag', 'strong');
  app.get('/api/v1/books', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=30, stale-while-revalidate=60');
    res.type('application/json').send(cannedBody);
  });
  return serverless(app) as Handler;
}

async function handlerFor(candidate: Candidate): Promise<Handler> {
  if (candidate === 'baseline') return baselineHandler(process.env.BENCH_CANNED_BODY ?? '{}');
  return ((await import('../handlers/catalog')) as { handler: Handler }).handler;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function main(): Promise<void> {
  const [candidate, secondsArg, firstArg, lastArg] = process.argv.slice(2) as [
    Candidate,
    string,
    string,
    string,
  ];
  const seconds = Number(secondsArg);
  const first = Number(firstArg);
  const span = Number(lastArg) - first + 1;
  const handler = await handlerFor(candidate);
  let next = 0;
  const nextEvent = () => {
    if (candidate === 'detail') {
      // Walk the seeded ids with a stride, so consecutive reads hit different rows and pages.
      next = (next + 7919) % span;
      return event(`/api/v1/books/${first + next}`);
    }
    return event('/api/v1/books', 'limit=20');
  };
  const invoke = async () => {
    const answer = await handler(nextEvent(), context());
    if (answer.statusCode !== 200)
      throw new Error(`${candidate} answered ${String(answer.statusCode)}: ${answer.body ?? ''}`);
  };

  for (let warm = 0; warm < 300; warm += 1) await invoke();
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) {
    const before = process.hrtime.bigint();
    await invoke();
    latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const result: WorkerResult = {
    candidate,
    invocations: latencies.length,
    seconds: elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
