import { loadConfig } from '../shared/config';
import type { Database } from '../shared/db/create-database';
import { seedDeliveryProviders } from '../shared/db/seeds/delivery-providers';
import { freshBenchDatabase } from './bench-database';
import { recordFigures } from './bench-results';
import { benchEnvironment, benchTokens } from './bench-settings';
import { median } from './median';
import { startOrigin, stopOrigin, usageOf } from './origin-process';
import { percentile } from './percentile';

/**
 * Orders per second through the real origin app (HTTP, token verification, validation, the
 * checkout transaction with its conditional stock updates, outbox row) against MariaDB, the origin
 * in a process of its own (bench/orders-origin.ts) run as the container runs it, for:
 *   - contended: every buyer orders the same book (one row that every checkout locks in turn);
 *   - uncontended: each buyer orders its own books (no two checkouts touch the same row).
 * CONCURRENCY virtual buyers loop for SECONDS each round; ROUNDS rounds per case, medians shown.
 * Prints a table and the origin process's peak RSS; asserts nothing.
 *
 *   npm run bench:orders        (CONCURRENCY=32 SECONDS=5 ROUNDS=3 npm run bench:orders)
 *   ORIGIN_CPU_PROF_DIR=/tmp/prof npm run bench:orders    (a --cpu-prof profile of the origin)
 *
 * Database: ORDERS_BENCH_DATABASE_URL, default mysql://root@127.0.0.1:3306/bookstore_orders_bench
 * (dropped, created and migrated at the start of every run).
 */

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const SECONDS = Number(process.env.SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const POOL_MAX = Number(process.env.DATABASE_POOL_MAX ?? 10);
const BOOKS_PER_BUYER = 20;
const ORIGIN_CPU_PROF_DIR = process.env.ORIGIN_CPU_PROF_DIR;
const DATABASE_URL =
  process.env.ORDERS_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bookstore_orders_bench';

const SHIPPING_ADDRESS = {
  name: 'Bench Buyer',
  line1: 'Calle 10 # 43-12',
  city: 'Medellín',
  postalCode: '050021',
  country: 'CO',
};

type Case = 'contended' | 'uncontended';

interface RoundResult {
  placed: number;
  refused: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
  /** CPU time the origin process spent in the round, in milliseconds. */
  originCpuMs: number;
}

async function freshDatabase(): Promise<Database> {
  const db = await freshBenchDatabase(DATABASE_URL, POOL_MAX);
  await seedDeliveryProviders(db);
  return db;
}

/**
 * The origin's CPU time per placed order: unlike orders per second it hardly depends on what else
 * the machine runs, so it compares runs on a busy machine.
 */
function cpuMsPerOrder(rounds: RoundResult[]): number {
  const placed = rounds.reduce((sum, r) => sum + r.placed, 0);
  const cpuMs = rounds.reduce((sum, r) => sum + r.originCpuMs, 0);
  return placed === 0 ? 0 : cpuMs / placed;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  const db = await freshDatabase();
  // Every virtual buyer keeps placing orders without paying: lift the unpaid-orders cap so the
  // bench measures checkouts rather than refusals (the cap's count still runs on every checkout).
  const env = benchEnvironment({
    LOG_LEVEL: 'silent',
    DATABASE_URL,
    MAX_PENDING_ORDERS_PER_BUYER: '1000000',
  });
  const config = loadConfig(env);
  const { signer, jwks } = await benchTokens(config);
  const { child, base } = await startOrigin(ORIGIN_CPU_PROF_DIR, {
    databaseUrl: DATABASE_URL,
    poolMax: POOL_MAX,
    jwks,
    env,
  });

  const now = new Date();
  const seller = await db.models.User.create({
    name: 'Bench Seller',
    email: 'seller@bench.local',
    passwordHash: 'x',
  });
  const buyers = await db.models.User.bulkCreate(
    Array.from({ length: CONCURRENCY }, (_, index) => ({
      name: `Buyer ${index}`,
      email: `buyer-${index}@bench.local`,
      passwordHash: 'x',
      createdAt: now,
      updatedAt: now,
    })),
  );
  const bookRow = (title: string) => ({
    sellerId: seller.id,
    title,
    author: 'Bench Author',
    description: '',
    condition: 'good' as const,
    priceCents: 1000,
    stock: 100_000,
  });
  const provider = await db.models.DeliveryProvider.findOne({ where: { name: 'Servientrega' } });
  if (!provider) throw new Error('the delivery providers were not seeded');
  const deliveryProviderId = provider.id;
  const hotBook = await db.models.Book.create(bookRow('The contended book'));
  const ownBooks = await db.models.Book.bulkCreate(
    Array.from({ length: CONCURRENCY * BOOKS_PER_BUYER }, (_, index) => bookRow(`Book ${index}`)),
  );
  const tokens = await Promise.all(
    buyers.map(
      async (buyer) =>
        `Bearer ${(await signer.sign({ userId: buyer.id, role: 'customer' })).accessToken}`,
    ),
  );

  const bookFor = (benchCase: Case, buyer: number, iteration: number): number =>
    benchCase === 'contended'
      ? hotBook.id
      : ownBooks[buyer * BOOKS_PER_BUYER + (iteration % BOOKS_PER_BUYER)]!.id;

  async function round(benchCase: Case): Promise<RoundResult> {
    const result: RoundResult = {
      placed: 0,
      refused: 0,
      failed: 0,
      seconds: SECONDS,
      latenciesMs: [],
      originCpuMs: 0,
    };
    const cpuBefore = (await usageOf(child)).cpuMicros;
    const started = performance.now();
    const until = started + SECONDS * 1000;
    await Promise.all(
      tokens.map(async (authorization, buyer) => {
        for (let iteration = 0; performance.now() < until; iteration += 1) {
          const sent = performance.now();
          const response = await fetch(`${base}/api/v1/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization },
            body: JSON.stringify({
              items: [{ bookId: bookFor(benchCase, buyer, iteration), quantity: 1 }],
              shippingAddress: SHIPPING_ADDRESS,
              deliveryProviderId,
            }),
          });
          await response.arrayBuffer();
          result.latenciesMs.push(performance.now() - sent);
          if (response.status === 201) result.placed += 1;
          else if (response.status === 409) result.refused += 1;
          else result.failed += 1;
        }
      }),
    );
    result.seconds = (performance.now() - started) / 1000;
    result.originCpuMs = ((await usageOf(child)).cpuMicros - cpuBefore) / 1000;
    return result;
  }

  const cases: Case[] = ['contended', 'uncontended'];
  const results = new Map<Case, RoundResult[]>(cases.map((benchCase) => [benchCase, []]));
  await round('uncontended'); // warm-up: connections, JIT, token key import
  for (let index = 0; index < ROUNDS; index += 1) {
    for (const benchCase of cases) results.get(benchCase)!.push(await round(benchCase));
  }

  const { maxRssBytes: peakRssBytes, memory } = await usageOf(child);
  await stopOrigin(child);
  const rows = cases.map((benchCase) => {
    const rounds = results.get(benchCase)!;
    const latencies = rounds.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    return {
      case:
        benchCase === 'contended' ? 'contended: one book, many buyers' : 'uncontended: many books',
      'orders/s (median)': Math.round(median(rounds.map((r) => r.placed / r.seconds))),
      'p50 ms': Math.round(percentile(latencies, 50) * 10) / 10,
      'p99 ms': Math.round(percentile(latencies, 99) * 10) / 10,
      'origin CPU ms/order': Math.round(cpuMsPerOrder(rounds) * 100) / 100,
      '409s': rounds.reduce((sum, r) => sum + r.refused, 0),
      'other errors': rounds.reduce((sum, r) => sum + r.failed, 0),
    };
  });
  const { version } = (await db.sequelize.query('SELECT VERSION() AS version', {
    plain: true,
  })) as { version: string };
  process.stdout.write(
    `\nOrders/second through the origin app over HTTP, MariaDB ${version}, ${CONCURRENCY} concurrent buyers, ` +
      `pool ${POOL_MAX}, ${ROUNDS} rounds x ${SECONDS} s per case\n\n`,
  );
  const headers = Object.keys(rows[0]!);
  const widths = headers.map((header) =>
    Math.max(header.length, ...rows.map((row) => String(row[header as keyof typeof row]).length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ')} |\n`;
  process.stdout.write(line(headers));
  process.stdout.write(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows)
    process.stdout.write(line(headers.map((header) => String(row[header as keyof typeof row]))));

  const figure = (benchCase: Case) => rows[cases.indexOf(benchCase)]!;
  recordFigures('orders', [
    {
      figure: 'uncontended orders/s',
      value: figure('uncontended')['orders/s (median)'],
      unit: '/s',
      target: { atLeast: 400 },
    },
    {
      figure: 'contended orders/s',
      value: figure('contended')['orders/s (median)'],
      unit: '/s',
      target: { atLeast: 250 },
    },
    ...cases.map((benchCase) => ({
      figure: `${benchCase} p99`,
      value: figure(benchCase)['p99 ms'],
      unit: ' ms',
      target: { below: 250 },
    })),
    {
      figure: 'uncontended origin CPU per order',
      value: figure('uncontended')['origin CPU ms/order'],
      unit: ' ms',
    },
    {
      figure: 'peak RSS of the origin process',
      value: peakRssBytes / 2 ** 20,
      unit: ' MB',
      target: { below: 150 },
    },
  ]);
  process.stdout.write(
    `\npeak RSS of the origin process: ${mb(peakRssBytes)}; at the end ${mb(memory.rss)}, of which ` +
      `V8's heap ${mb(memory.heapTotal)} (${mb(memory.heapUsed)} in use) and ${mb(memory.external)} ` +
      'outside it; the rest is the node binary, native libraries and stacks\n',
  );
  await db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
