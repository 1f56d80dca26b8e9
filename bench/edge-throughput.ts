import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DATABASE_URL, prepareBenchDatabase } from './bench-database';
import { recordFigures, type BenchFigure } from './bench-results';
import { loadTest, type LoadResult } from './load-test';

/**
 * Catalog list and detail through the local edge (real handler exports, HTTP API events) on
 * MariaDB with 10,000 books, under load from a second process, next to a bare node:http server
 * answering the same bytes in the same run. Twice: with the catalog function's page cache as
 * deployed (CATALOG_CACHE_TTL_MS default: a popular page is answered from the container), and with
 * it off (every request reads MariaDB).
 */
const BOOKS = 10_000;
const EDGE_PORT = 3900;
const BASELINE_PORT = 3901;
const UNCACHED_EDGE_PORT = 3902;
const SECONDS = Number(process.argv[2] ?? 8);
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

function row(name: string, edge: LoadResult, baseline: LoadResult): string {
  const ratio = edge.requestsPerSecond / baseline.requestsPerSecond;
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
    const lines = [
      `${BOOKS} books on MariaDB, ${CONNECTIONS} connections, ${SECONDS} s per case, autocannon in a second process`,
      `${'case'.padEnd(26)} ${'edge rps'.padStart(8)} ${'p50/p99 ms'.padStart(10)} ${'bare rps'.padStart(10)} ${'p50/p99 ms'.padStart(10)} ${'ratio'.padStart(7)} ${'failed'.padStart(7)}`,
    ];
    const figures: Omit<BenchFigure, 'bench'>[] = [];
    for (const [name, port, path, headers, expectedStatus] of cases) {
      const options = { connections: CONNECTIONS, seconds: SECONDS, headers, expectedStatus };
      const edgeResult = await loadTest(`http://127.0.0.1:${port}${path}`, options);
      const baselineResult = await loadTest(`http://127.0.0.1:${BASELINE_PORT}${path}`, {
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      lines.push(row(name, edgeResult, baselineResult));
      figures.push({
        figure: `${name} vs bare node:http`,
        value: edgeResult.requestsPerSecond / baselineResult.requestsPerSecond,
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
