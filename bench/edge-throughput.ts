import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { recordFigures, type BenchFigure } from './bench-results';
import { loadTest, type LoadResult } from './load-test';
import { median } from './median';

/**
 * Catalog list and detail through the local edge (real handler exports, HTTP API events) on
 * MariaDB with 10,000 books, under load from a second process, next to a bare node:http server
 * answering the same bytes in the same run. Twice: with the catalog function's page cache as
 * deployed (CATALOG_CACHE_TTL_MS default: a popular page is answered from the container), and with
 * it off (every request reads MariaDB). Each server is warmed up first; then every case runs ROUNDS
 * times, edge and bare back to back within a round, and the table shows medians (the ratio is the
 * median of each round's ratio), so that a burst of load on a shared machine moves one sample, not
 * the figure.
 *
 *   npm run bench:edge            (ROUNDS=5 npm run bench:edge -- 6 for 5 rounds of 6 s)
 */
const BOOKS = 10_000;
const EDGE_PORT = 3900;
const BASELINE_PORT = 3901;
const UNCACHED_EDGE_PORT = 3902;
const SECONDS = Number(process.argv[2] ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const WARM_UP_SECONDS = 2;
const CONNECTIONS = 16;
const ROOT = join(__dirname, '..');

function startChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} never answered`);
}

async function record(path: string) {
  const response = await fetch(`http://127.0.0.1:${EDGE_PORT}${path}`);
  const kept: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name))
      kept[name] = value;
  });
  return { path, status: response.status, headers: kept, body: await response.text() };
}

/** The median of each figure over the rounds of one server. */
function medianResult(results: LoadResult[]): LoadResult {
  return {
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
  };
}

function row(name: string, edge: LoadResult, baseline: LoadResult, ratio: number): string {
  return [
    name.padEnd(26),
    edge.requestsPerSecond.toFixed(0).padStart(8),
    `${edge.p50Ms}/${edge.p99Ms}`.padStart(10),
    baseline.requestsPerSecond.toFixed(0).padStart(10),
    `${baseline.p50Ms}/${baseline.p99Ms}`.padStart(10),
    ratio.toFixed(2).padStart(7),
    String(edge.failures).padStart(7),
  ].join(' ');
}

async function main(): Promise<void> {
  await prepareBenchDatabase(BOOKS);
  const edgeEnvironment = {
    DATABASE_URL: BENCH_DATABASE_URL,
    ORIGIN_URL: 'http://127.0.0.1:9',
    LOG_LEVEL: 'warn',
    COOKIE_SECURE: 'false',
  };
  const edge = startChild(['edge/server.ts'], { ...edgeEnvironment, PORT: String(EDGE_PORT) });
  const uncachedEdge = startChild(['edge/server.ts'], {
    ...edgeEnvironment,
    PORT: String(UNCACHED_EDGE_PORT),
    CATALOG_CACHE_TTL_MS: '0',
  });
  let baseline: ChildProcess | undefined;
  try {
    await waitFor(`http://127.0.0.1:${EDGE_PORT}/api/v1/delivery-providers`);
    await waitFor(`http://127.0.0.1:${UNCACHED_EDGE_PORT}/api/v1/delivery-providers`);
    const list = await record('/api/v1/books?limit=20');
    const firstId = (JSON.parse(list.body) as { items: Array<{ id: number }> }).items[0]?.id;
    const detail = await record(`/api/v1/books/${firstId}`);
    const etag = list.headers.etag ?? '';
    const file = join(tmpdir(), 'bookstore-bench-responses.json');
    writeFileSync(file, JSON.stringify([list, detail]));
    baseline = startChild(['bench/baseline-server.ts', file, String(BASELINE_PORT)], {});
    await waitFor(`http://127.0.0.1:${BASELINE_PORT}/`);

    const cases: Array<[string, number, string, Record<string, string>, number]> = [
      ['catalog list (20 items)', EDGE_PORT, list.path, {}, 200],
      ['list, If-None-Match → 304', EDGE_PORT, list.path, { 'if-none-match': etag }, 304],
      ['book detail', EDGE_PORT, detail.path, {}, 200],
      ['list, page cache off', UNCACHED_EDGE_PORT, list.path, {}, 200],
      ['detail, page cache off', UNCACHED_EDGE_PORT, detail.path, {}, 200],
    ];
    // JIT and connection pools warm, as a serving process is, before anything is measured.
    for (const url of [
      `http://127.0.0.1:${EDGE_PORT}${list.path}`,
      `http://127.0.0.1:${UNCACHED_EDGE_PORT}${list.path}`,
      `http://127.0.0.1:${BASELINE_PORT}${list.path}`,
    ])
      await loadTest(url, { connections: CONNECTIONS, seconds: WARM_UP_SECONDS });
    const lines = [
      `${BOOKS} books on MariaDB, ${CONNECTIONS} connections, autocannon in a second process; medians of ${ROUNDS} rounds of ${SECONDS} s per case and server`,
      `${'case'.padEnd(26)} ${'edge rps'.padStart(8)} ${'p50/p99 ms'.padStart(10)} ${'bare rps'.padStart(10)} ${'p50/p99 ms'.padStart(10)} ${'ratio'.padStart(7)} ${'failed'.padStart(7)}`,
    ];
    const figures: Omit<BenchFigure, 'bench'>[] = [];
    for (const [name, port, path, headers, expectedStatus] of cases) {
      const options = { connections: CONNECTIONS, seconds: SECONDS, headers, expectedStatus };
      const edgeResults: LoadResult[] = [];
      const baselineResults: LoadResult[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        edgeResults.push(await loadTest(`http://127.0.0.1:${port}${path}`, options));
        baselineResults.push(
          await loadTest(`http://127.0.0.1:${BASELINE_PORT}${path}`, {
            connections: CONNECTIONS,
            seconds: SECONDS,
          }),
        );
      }
      const ratio = median(
        edgeResults.map(
          (result, round) =>
            result.requestsPerSecond / (baselineResults[round]?.requestsPerSecond ?? NaN),
        ),
      );
      lines.push(row(name, medianResult(edgeResults), medianResult(baselineResults), ratio));
      figures.push({
        figure: `${name} vs bare node:http`,
        value: ratio,
        unit: 'x',
        // The target is the cached list's: the per-request path with no database in it.
        ...(port === EDGE_PORT && path === list.path && !headers['if-none-match']
          ? { target: { atLeast: 0.25 } }
          : {}),
      });
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    recordFigures('edge', figures);
  } finally {
    edge.kill('SIGTERM');
    uncachedEdge.kill('SIGTERM');
    baseline?.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
