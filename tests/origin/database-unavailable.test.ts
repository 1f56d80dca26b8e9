import { createServer, type AddressInfo } from 'node:net';
import type { Database } from '../../shared/db/create-database';
import request from 'supertest';
import { createDatabase } from '../../shared/db/create-database';
import { proxiedTestDatabase, type DatabaseProxy } from '../support/database-proxy';
import { usingMysql } from '../support/test-config';
import { openTestDatabase } from '../support/test-database';
import {
  ADDRESS_IN_CO,
  checkoutBody,
  createCaller,
  createSellerWithBook,
  sendJson,
  startOriginTestApp,
  stockOf,
  type OriginTestApp,
} from './origin-test-app';

/** A TCP port nothing listens on. */
/** An origin whose database sits behind a proxy the test can freeze, and a look around the proxy. */
interface ProxiedOrigin {
  proxy: DatabaseProxy;
  /** The origin's connection, through the proxy, with a statement deadline. */
  db: Database;
  /** The test's own look at the server, around the proxy. */
  direct: Database;
  harness: OriginTestApp;
  close(): Promise<void>;
}

async function startProxiedOrigin(statementTimeoutMs: number): Promise<ProxiedOrigin> {
  const proxied = await proxiedTestDatabase();
  const db = createDatabase({
    url: proxied.url,
    pool: { kind: 'service', max: 4 },
    connectTimeoutMs: 1000,
    acquireTimeoutMs: 1000,
    statementTimeoutMs,
  });
  const direct = openTestDatabase(2, proxied.direct);
  const harness = await startOriginTestApp({ db });
  return {
    proxy: proxied.proxy,
    db,
    direct,
    harness,
    async close() {
      proxied.proxy.thaw();
      await harness.close();
      await db.close();
      await direct.close();
      await proxied.proxy.stop();
    },
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('when the database is unavailable', () => {
  let harness: OriginTestApp;
  let db: Database;

  beforeAll(async () => {
    db = createDatabase({
      url: {
        dialect: 'mysql',
        host: '127.0.0.1',
        port: await closedPort(),
        database: 'bookstore',
        username: 'root',
        password: '',
      },
      pool: { kind: 'service', max: 2 },
      connectTimeoutMs: 1000,
      acquireTimeoutMs: 1000,
    });
    harness = await startOriginTestApp({ db, seedProviders: false });
  });

  afterAll(async () => {
    await harness.close();
    await db.close();
  });

  test('when a request needs the database, then it gets a 503 problem with Retry-After instead of hanging', async () => {
    const caller = { id: 1, role: 'customer' as const };

    const response = await request(harness.app)
      .post('/api/v1/orders')
      .set('authorization', await harness.keys.bearer(caller))
      .send({
        items: [{ bookId: 1, quantity: 1 }],
        shippingAddress: ADDRESS_IN_CO,
        deliveryProviderId: 1,
      });

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body.type).toMatch(/database-unavailable$/);
  });

  test('when /readyz is asked, then it is a 503 while /healthz still answers', async () => {
    const ready = await request(harness.app).get('/readyz');
    const alive = await request(harness.app).get('/healthz');

    expect(ready.status).toBe(503);
    expect(alive.status).toBe(200);
  });
});

describe('when the database accepts connections but never answers', () => {
  test('when a request needs it, then the connect time-out turns it into a 503 instead of a hang', async () => {
    const silentServer = createServer(() => undefined);
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const { port } = silentServer.address() as AddressInfo;
    const db = createDatabase({
      url: {
        dialect: 'mysql',
        host: '127.0.0.1',
        port,
        database: 'bookstore',
        username: 'root',
        password: '',
      },
      pool: { kind: 'service', max: 2 },
      connectTimeoutMs: 1000,
      acquireTimeoutMs: 1000,
    });
    const harness = await startOriginTestApp({ db, seedProviders: false });
    try {
      const response = await request(harness.app).get('/readyz');

      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
    } finally {
      await harness.close();
      await db.close().catch(() => undefined);
      silentServer.close();
    }
  });
});

// Taking a real server away and bringing it back needs a server: MariaDB runs only.
if (usingMysql()) {
  describe('when the database goes away and comes back', () => {
    test('when it is back, then requests succeed again without a restart', async () => {
      const { proxy, url } = await proxiedTestDatabase();
      const db = createDatabase({
        url,
        pool: { kind: 'service', max: 4 },
        connectTimeoutMs: 1000,
        acquireTimeoutMs: 1000,
      });
      const harness = await startOriginTestApp({ db });
      const buyer = await createCaller(harness);
      const listOrders = () =>
        request(harness.app).get('/api/v1/orders').set('authorization', buyer.authorization);
      try {
        const before = await listOrders();
        await proxy.stop();
        const during = await listOrders();
        await proxy.start();
        let after = await listOrders();
        for (let attempt = 0; attempt < 5 && after.status !== 200; attempt += 1)
          after = await listOrders();

        expect(before.status).toBe(200);
        expect(during.status).toBe(503);
        expect(during.headers['retry-after']).toBeDefined();
        expect(after.status).toBe(200);
      } finally {
        await harness.close();
        await db.close();
        await proxy.stop().catch(() => undefined);
      }
    });
  });
}

// A database that stalls (frozen: connections and bytes accepted, nothing answered) needs a real
// server behind a proxy the test can freeze: MariaDB runs only.
if (usingMysql()) {
  describe('when the database stalls mid-checkout and thaws again', () => {
    const STATEMENT_TIMEOUT_MS = 1500;
    let proxy: DatabaseProxy;
    let db: Database;
    let direct: Database;
    let harness: OriginTestApp;
    let stack: ProxiedOrigin;

    beforeAll(async () => {
      stack = await startProxiedOrigin(STATEMENT_TIMEOUT_MS);
      ({ proxy, db, direct, harness } = stack);
    });

    afterAll(() => stack.close());

    /** Asks /readyz until it answers 200; each ask is bounded by the probe's own deadline. */
    async function untilReady(): Promise<number> {
      for (let attempt = 1; attempt <= 100; attempt += 1) {
        if ((await sendJson(harness, 'GET', '/readyz')).status === 200) return attempt;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('/readyz never became ready after the database thawed');
    }

    test('when it stalls, then requests get a 503 with Retry-After, /readyz is unready, the half-done checkout is rolled back, and it recovers without a restart', async () => {
      const { book } = await createSellerWithBook(harness, { stock: 10 });
      const buyer = await createCaller(harness);
      const order = (quantity: number) =>
        sendJson(harness, 'POST', '/api/v1/orders', {
          authorization: buyer.authorization,
          body: checkoutBody(harness, [{ bookId: book.id, quantity }]),
        });
      const before = await order(1);
      // Freeze the database right after a checkout reserved its stock, inside its transaction.
      let armed = true;
      db.sequelize.addHook('afterQuery', (_options, query) => {
        const { sql } = query as { sql?: string };
        if (armed && typeof sql === 'string' && /^UPDATE\s+`?books`?/i.test(sql)) {
          armed = false;
          proxy.freeze();
        }
      });

      const halfDone = await order(2);
      const [reads, writes, ready] = await Promise.all([
        sendJson(harness, 'GET', '/api/v1/orders', { authorization: buyer.authorization }),
        order(3),
        sendJson(harness, 'GET', '/readyz'),
      ]);
      proxy.thaw();
      await untilReady();
      const after = await order(1);
      const readsAfter = await sendJson(harness, 'GET', '/api/v1/orders', {
        authorization: buyer.authorization,
      });

      expect(armed).toBe(false);
      for (const stalled of [halfDone, reads, writes, ready]) {
        expect(stalled.status).toBe(503);
        expect(stalled.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(stalled.body.type).toMatch(/database-unavailable$/);
      }
      expect(before.status).toBe(201);
      expect(after.status).toBe(201);
      expect(readsAfter.status).toBe(200);
      const acknowledged = [before, after].map((answer) => answer.body.order.id as number);
      const stored = await direct.models.Order.findAll({ where: { buyerId: buyer.id } });
      expect(stored.map((row) => row.id).sort()).toEqual(acknowledged.sort());
      expect(await stockOf(direct, book.id)).toBe(10 - 1 - 1);
    });
  });
}

// Only MySQL/MariaDB statements have a deadline (SQLite is a local file that always answers), and
// holding back the server's answer to a COMMIT needs a real server behind a proxy.
if (usingMysql()) {
  describe("when a checkout's COMMIT goes unanswered", () => {
    const STATEMENT_TIMEOUT_MS = 1000;
    let proxy: DatabaseProxy;
    let direct: Database;
    let harness: OriginTestApp;
    let stack: ProxiedOrigin;

    beforeAll(async () => {
      stack = await startProxiedOrigin(STATEMENT_TIMEOUT_MS);
      ({ proxy, direct, harness } = stack);
    });

    afterAll(() => stack.close());

    /** Asks /readyz until it answers 200 again; each ask is bounded by the probe's own deadline. */
    async function untilReady(): Promise<void> {
      for (let attempt = 1; attempt <= 100; attempt += 1) {
        if ((await sendJson(harness, 'GET', '/readyz')).status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('/readyz never became ready again');
    }

    test('when it was sent with an Idempotency-Key, then the 503 says the order may exist and the retry with that key answers one order', async () => {
      const { book } = await createSellerWithBook(harness, { stock: 5 });
      const buyer = await createCaller(harness);
      const order = () =>
        sendJson(harness, 'POST', '/api/v1/orders', {
          authorization: buyer.authorization,
          headers: { 'idempotency-key': `unknown-outcome-${buyer.id}` },
          body: checkoutBody(harness, [{ bookId: book.id, quantity: 2 }]),
        });
      proxy.freezeAnswersFrom('COMMIT');

      const unknown = await order();
      proxy.thaw();
      await untilReady();
      const retried = await order();

      expect(unknown.status).toBe(503);
      expect(unknown.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(unknown.body.type).toMatch(/order-outcome-unknown$/);
      expect(unknown.body.detail).toMatch(/may have been placed/);
      expect(unknown.body.detail).toMatch(/same Idempotency-Key/);
      expect(retried.status).toBe(201);
      const stored = await direct.models.Order.findAll({ where: { buyerId: buyer.id } });
      expect(stored.map((row) => row.id)).toEqual([retried.body.order.id]);
      expect(await stockOf(direct, book.id)).toBe(5 - 2);
    });

    test('when it was sent without a key, then the 503 says the order may exist and to look before ordering again', async () => {
      const { book } = await createSellerWithBook(harness, { stock: 5 });
      const buyer = await createCaller(harness);
      proxy.freezeAnswersFrom('COMMIT');

      const unknown = await sendJson(harness, 'POST', '/api/v1/orders', {
        authorization: buyer.authorization,
        body: checkoutBody(harness, [{ bookId: book.id, quantity: 1 }]),
      });
      proxy.thaw();
      await untilReady();

      expect(unknown.status).toBe(503);
      expect(unknown.body.type).toMatch(/order-outcome-unknown$/);
      expect(unknown.body.detail).toMatch(/may have been placed/);
      expect(unknown.body.detail).toMatch(/Check your orders/);
    });
  });
}
