import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadavg } from 'node:os';
import type { Express } from 'express';
import { createAuthApp } from '../handlers/auth/create-auth-app';
import { createCatalogApp } from '../handlers/catalog/create-catalog-app';
import { createOriginApp } from '../origin/app';
import { createOriginContext } from '../origin/origin-context';
import { createSigningKeyProvider } from '../shared/auth/signing-key';
import { createTokenSigner } from '../shared/auth/token-signer';
import { createTokenVerifier } from '../shared/auth/token-verifier';
import { loadConfig, parseDatabaseUrl } from '../shared/config';
import { createCoverStorage } from '../shared/covers/create-cover-storage';
import { hashPassword } from '../shared/auth/password-hashing';
import type { Database } from '../shared/db/create-database';
import { openDatabase } from '../shared/db/open-database';
import { createMigrator } from '../shared/db/migrator';
import { seedDeliveryProviders } from '../shared/db/seeds/delivery-providers';
import { seedDemoData } from '../shared/db/seeds/demo-data';
import { seedDemoOrders } from '../shared/db/seeds/demo-orders';
import { createLogger } from '../shared/logging/logger';
import { createMysqlDatabase } from '../scripts/mysql-database';
import { recordFigures } from './bench-results';
import { benchEnvironment } from './bench-settings';

/**
 * The read routes at marketplace scale (DESIGN.md, "At marketplace scale"): MariaDB holding
 * 1,000,000 books and 500,000 orders whose lines are the demo seller's books, built once by the
 * seeds `npm run seed -- --books N --orders M` uses and reused by later runs. Each route is asked
 * REQUESTS times (or for ROUTE_SECONDS, whichever ends first) by one client through the real apps (catalog and auth as their Lambda functions'
 * express apps, the origin as its container serves it, each on 127.0.0.1, caches off), and its p50
 * and p99 are printed, with the requests the catalog refused (503: its statement ceiling,
 * CATALOG_STATEMENT_LIMIT_MS, stopped the statement); then rare-word searches by 8 clients at once
 * for SECONDS, as searches/s. Budgets: every route under 50 ms p99 and never refused, rare-word
 * searches at least 200/s.
 *
 *   npm run bench:scale   (REQUESTS=200 SECONDS=10 by default; in `npm run bench` with BENCH_SCALE=1)
 *
 * Database: SCALE_BENCH_DATABASE_URL, default mysql://root@127.0.0.1:3306/bookstore_scale_bench.
 */

const BOOKS = Number(process.env.SCALE_BOOKS ?? 1_000_000);
const ORDERS = Number(process.env.SCALE_ORDERS ?? 500_000);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
/** A route slower than its budget stops after this long, with the requests it made. */
const ROUTE_SECONDS = Number(process.env.ROUTE_SECONDS ?? 30);
const SECONDS = Number(process.env.SECONDS ?? 10);
const CLIENTS = 8;
const P99_BUDGET_MS = 50;
const RARE_SEARCHES_PER_SECOND = 200;
const DATABASE_URL =
  process.env.SCALE_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bookstore_scale_bench';

/** Builds the database once; a later run finds the rows and only checks. */
async function prepare(db: Database): Promise<{ buyerId: number; sellerId: number }> {
  await createMigrator(db.sequelize).up();
  await seedDeliveryProviders(db);
  const started = Date.now();
  const books = await seedDemoData(db, BOOKS, hashPassword);
  const orders = await seedDemoOrders(db, ORDERS, books.ids);
  if (books.booksCreated > 0 || orders > 0) {
    process.stdout.write(
      `seeded ${books.booksCreated} books and ${orders} orders in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    await db.sequelize.query('ANALYZE TABLE books, orders, order_lines, users');
  }
  return books.ids;
}

async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function get(url: string, authorization?: string): Promise<unknown> {
  const response = await fetch(url, authorization ? { headers: { authorization } } : {});
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as unknown;
}

/**
 * Asks a route once: `refused` when it answered 503 (the catalog's statement ceiling stopped a
 * statement that would have cost more, CATALOG_STATEMENT_LIMIT_MS), which the bench counts;
 * anything else but 200 stops the bench.
 */
async function ask(url: string, authorization?: string): Promise<'answered' | 'refused'> {
  const response = await fetch(url, authorization ? { headers: { authorization } } : {});
  const body = await response.text();
  if (response.status === 503) return 'refused';
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body}`);
  return 'answered';
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

interface RouteCase {
  name: string;
  url: () => string;
  /** Signs a token when the route's turn comes: the auth app refuses tokens older than its TTL. */
  authorization?: () => Promise<string>;
}

/** The times of a route's answers, refusals (503) included: a refused client waited that long too. */
async function timeRoute(
  route: RouteCase,
): Promise<{ requests: number; refused: number; p50: number; p99: number; max: number }> {
  const authorization = await route.authorization?.();
  for (let warm = 0; warm < 5; warm += 1) await ask(route.url(), authorization);
  const times: number[] = [];
  let refused = 0;
  const until = performance.now() + ROUTE_SECONDS * 1000;
  for (let n = 0; n < REQUESTS && performance.now() < until; n += 1) {
    const start = performance.now();
    if ((await ask(route.url(), authorization)) === 'refused') refused += 1;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    refused,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.at(-1) ?? NaN,
  };
}

async function main(): Promise<void> {
  const url = parseDatabaseUrl(DATABASE_URL);
  if (!url || url.dialect !== 'mysql') throw new Error(`${DATABASE_URL} is not a mysql:// URL`);
  await createMysqlDatabase(url, { fresh: false });
  const env = benchEnvironment({ LOG_LEVEL: 'silent', DATABASE_URL });
  const config = loadConfig({ ...env, DATABASE_POOL_MAX: '10' });
  // Seeding a million rows runs as a one-off command (no statement deadline); the routes are then
  // served as the origin and the functions serve them, deadline included.
  const seeding = openDatabase(config, { profile: 'cli' });
  const { buyerId, sellerId } = await prepare(seeding).finally(() => seeding.close());
  const db = openDatabase(config, { profile: 'service' });
  const logger = createLogger('silent');
  const servers: Server[] = [];
  try {
    const admin = await db.models.User.findOne({ where: { role: 'admin' } });
    if (!admin) throw new Error('the demo admin is missing');
    const signingKeys = createSigningKeyProvider({
      jwt: config.jwt,
      env: config.env,
      secrets: { getSecretString: () => Promise.reject(new Error('no secrets in the bench')) },
    });
    const key = await signingKeys.current();
    const signer = createTokenSigner({
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: config.jwt.accessTokenTtlSeconds,
      privateKey: key.privateKey,
      keyId: key.keyId,
    });
    const bearer = async (userId: number, role: 'customer' | 'admin') =>
      `Bearer ${(await signer.sign({ userId, role })).accessToken}`;
    const verifier = createTokenVerifier({
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      keySource: { jwks: { keys: [key.publicJwk] } },
      maxTokenAgeSeconds: 3600,
    });
    const catalog = await listen(
      createCatalogApp({
        logger,
        db,
        pageCacheTtlMs: 0,
        shopCountry: config.shopCountry,
        statementLimitMs: config.catalog.statementLimitMs,
      }),
    );
    const auth = await listen(createAuthApp({ config, logger, db, signingKeys }));
    const origin = await listen(
      createOriginApp({
        config,
        ctx: createOriginContext(db, config, createCoverStorage(config)),
        logger,
        verifier,
      }),
    );
    servers.push(catalog.server, auth.server, origin.server);
    const seller = () => bearer(sellerId, 'customer');
    const buyer = () => bearer(buyerId, 'customer');
    const adminToken = () => bearer(admin.id, 'admin');
    const [newest] = await db.sequelize.query<{ id: number }>('SELECT MAX(id) AS id FROM books', {
      type: 'SELECT' as never,
    });
    const lastBookId = Number(newest?.id ?? 1);
    let pick = 0;
    // Detail pages of different books, so no run reads one cached row.
    const someBookId = () => lastBookId - ((pick += 7919) % BOOKS);

    const api = (base: string, path: string) => () => `${base}/api/v1${path}`;
    const nextPage = async (base: string, path: string, authorization: string) => {
      const page = (await get(`${base}/api/v1${path}`, authorization)) as {
        nextCursor: string | null;
      };
      return `${path}${path.includes('?') ? '&' : '?'}cursor=${page.nextCursor ?? ''}`;
    };
    const salesPage2 = await nextPage(origin.base, '/me/sales', await seller());
    const gardenPage2 = await nextPage(catalog.base, '/books?q=garden', '');
    const routes: RouteCase[] = [
      { name: 'GET /books (newest)', url: api(catalog.base, '/books') },
      { name: 'GET /books?sort=price_asc', url: api(catalog.base, '/books?sort=price_asc') },
      { name: 'GET /books?sort=price_desc', url: api(catalog.base, '/books?sort=price_desc') },
      { name: 'GET /books?sort=title', url: api(catalog.base, '/books?sort=title') },
      { name: 'GET /books?category=poetry', url: api(catalog.base, '/books?category=poetry') },
      { name: 'GET /books?q=garden (common word)', url: api(catalog.base, '/books?q=garden') },
      {
        name: 'GET /books?q=clockmaker stories (two words)',
        url: api(catalog.base, '/books?q=clockmaker%20stories'),
      },
      { name: 'GET /books?q=garden page 2', url: api(catalog.base, gardenPage2) },
      {
        name: 'GET /books?q=garden&sort=price_asc',
        url: api(catalog.base, '/books?q=garden&sort=price_asc'),
      },
      {
        name: 'GET /books?q=lispector (an author word)',
        url: api(catalog.base, '/books?q=lispector'),
      },
      {
        name: 'GET /books?q=zanzibar (matches nothing)',
        url: api(catalog.base, '/books?q=zanzibar'),
      },
      { name: 'GET /books?author=lispector', url: api(catalog.base, '/books?author=lispector') },
      { name: 'GET /books/{id}', url: () => `${catalog.base}/api/v1/books/${someBookId()}` },
      { name: 'GET /categories', url: api(catalog.base, '/categories') },
      { name: 'GET /me/books (seller)', url: api(origin.base, '/me/books'), authorization: seller },
      {
        name: 'GET /me/sales page 1 (500k sales)',
        url: api(origin.base, '/me/sales'),
        authorization: seller,
      },
      {
        name: 'GET /me/sales page 2',
        url: api(origin.base, salesPage2),
        authorization: seller,
      },
      { name: 'GET /orders (buyer)', url: api(origin.base, '/orders'), authorization: buyer },
      {
        name: 'GET /orders?scope=all&status=expired',
        url: api(origin.base, '/orders?scope=all&status=expired'),
        authorization: adminToken,
      },
      {
        name: 'GET /orders?scope=all&buyerId',
        url: api(origin.base, `/orders?scope=all&buyerId=${buyerId}&status=cancelled`),
        authorization: adminToken,
      },
      { name: 'GET /users (admin)', url: api(auth.base, '/users'), authorization: adminToken },
    ];

    const rows: string[][] = [];
    const figures: Parameters<typeof recordFigures>[1] = [];
    for (const route of routes) {
      const { requests, refused, p50, p99, max } = await timeRoute(route);
      rows.push([
        route.name,
        String(requests),
        String(refused),
        p50.toFixed(1),
        p99.toFixed(1),
        max.toFixed(1),
        p99 < P99_BUDGET_MS && refused === 0 ? 'yes' : 'NO',
      ]);
      process.stdout.write(`| ${rows.at(-1)?.join(' | ')} |\n`);
      figures.push({
        figure: `${route.name} p99`,
        value: Number(p99.toFixed(1)),
        unit: ' ms',
        target: { below: P99_BUDGET_MS },
      });
    }

    // Rare words that no book holds, different each time, so nothing is served from a cache.
    let searches = 0;
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let n = 0; performance.now() < until; n += 1) {
          await get(`${catalog.base}/api/v1/books?q=qx${client}z${n}`);
          searches += 1;
        }
      }),
    );
    const perSecond = searches / SECONDS;
    figures.push({
      figure: `rare-word searches, ${CLIENTS} clients`,
      value: Number(perSecond.toFixed(0)),
      unit: '/s',
      target: { atLeast: RARE_SEARCHES_PER_SECOND },
    });
    recordFigures('scale', figures);

    const load = loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
    const table = [
      `| route (one client) | requests | 503s | p50 ms | p99 ms | max ms | p99 < ${P99_BUDGET_MS} ms, no 503 |`,
      '|---|---|---|---|---|---|---|',
      ...rows.map((cells) => `| ${cells.join(' | ')} |`),
      '',
      `Rare-word searches with ${CLIENTS} clients for ${SECONDS} s: ${perSecond.toFixed(0)}/s (target at least ${RARE_SEARCHES_PER_SECOND}/s).`,
      `Load average at the end: ${load}.`,
    ];
    process.stdout.write(`\n${table.join('\n')}\n`);
  } finally {
    for (const server of servers) server.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
