import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Database } from '../../shared/db/create-database';
import request from 'supertest';
import { createDatabase } from '../../shared/db/create-database';
import { relayTo } from '../support/tcp-relay';
import { testConfig, usingMysql } from '../support/test-config';
import { createCaller, startOriginTestApp, type OriginTestApp } from './origin-test-app';

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP proxy to MariaDB that a test can stop and start again, to take the database away and back. */
function databaseProxy(target: { host: string; port: number }) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  return {
    get port() {
      return port;
    },
    async start() {
      server = createServer((client) => relayTo(client, target, sockets));
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
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
    harness = await startOriginTestApp({ db });
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
      .send({ items: [{ bookId: 1, quantity: 1 }] });

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

  // The load balancer routes on /readyz and the Auto Scaling Group replaces on /healthz (via the
  // instance's watchdog): a database outage must take instances out of routing, never kill them.
  test('when the health checks are asked, then readiness says why it is out of routing and liveness stays ok, neither cached', async () => {
    const ready = await request(harness.app).get('/readyz');
    const alive = await request(harness.app).get('/healthz');

    expect(ready.body.type).toMatch(/database-unavailable$/);
    expect(ready.headers['retry-after']).toMatch(/^\d+$/);
    expect(alive.body).toEqual({ status: 'ok' });
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(alive.headers['cache-control']).toBe('no-store');
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
    const harness = await startOriginTestApp({ db });
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
      const { url } = testConfig().database;
      if (url.dialect !== 'mysql') throw new Error('MariaDB only');
      const proxy = databaseProxy({ host: url.host, port: url.port });
      await proxy.start();
      const db = createDatabase({
        url: { ...url, host: '127.0.0.1', port: proxy.port },
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
