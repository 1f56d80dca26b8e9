import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_ACCOUNTS } from '../../shared/db/seeds/demo-accounts';
import { waitForEmail } from '../support/mail-catcher';
import { npmStartEnvironment } from '../support/npm-start-environment';
import { emptyPrivateDatabaseUrl } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function call(method: string, url: string, body?: unknown, token?: string) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('npm start: the order e-mails', () => {
  test('when the demo buyer pays an order, then its e-mail naming the order is at the mail catcher named in the banner within 10 s', async () => {
    const url = await emptyPrivateDatabaseUrl('npm_start_mail');
    const port = await freePort();
    const start = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'edge/start-local.ts')], {
      cwd: ROOT,
      detached: true,
      env: npmStartEnvironment(url, {
        COVERS_DIR: mkdtempSync(join(tmpdir(), 'bookstore-covers-')),
        PORT: String(port),
        ORIGIN_PORT: String(await freePort()),
        LOCAL_DEMO_BOOKS: '3',
      }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // In its own process group, so a failing test still leaves nothing running.
    const killer = setTimeout(() => process.kill(-(start.pid ?? 0), 'SIGKILL'), 100_000);
    const exited = new Promise((resolve) => start.once('exit', resolve));
    const reader = createInterface({ input: start.stdout });
    try {
      let mailUrl: string | undefined;
      for await (const line of reader) {
        const banner = /^the e-mails it sends: http:\/\/localhost:(\d+)$/.exec(line);
        if (banner) mailUrl = `http://127.0.0.1:${banner[1]}`;
        if (line === 'Press Ctrl-C to stop.') break;
      }
      start.stdout.resume();
      if (!mailUrl) throw new Error('the banner names no mail catcher');
      const api = `http://127.0.0.1:${port}/api/v1`;
      const buyer = DEMO_ACCOUNTS.find((account) => account.role === 'buyer')!;
      const login = await call('POST', `${api}/auth/login`, {
        email: buyer.email,
        password: buyer.password,
      });
      const token = login.body.accessToken as string;
      const books = await call('GET', `${api}/books?inStock=true&limit=1`);
      const providers = await call('GET', `${api}/delivery-providers?country=CO`);
      const placed = await call(
        'POST',
        `${api}/orders`,
        {
          items: [{ bookId: books.body.items[0].id, quantity: 1 }],
          shippingAddress: {
            name: 'Demo Buyer',
            line1: 'Calle 10 # 43-12',
            city: 'Medellin',
            postalCode: '050021',
            country: 'CO',
          },
          deliveryProviderId: providers.body.items[0].id,
        },
        token,
      );
      const orderId = placed.body.order.id as number;

      const paid = await call(
        'POST',
        `${api}/orders/${orderId}/payment`,
        { method: 'paypal' },
        token,
      );

      expect(paid.status).toBe(201);
      const email = await waitForEmail(
        mailUrl,
        (caught) => caught.subject === `Your order #${orderId} is confirmed`,
        10_000,
      );
      expect(email.to.map((to) => to.address)).toEqual([buyer.email]);
      expect(email.text).toContain(`order #${orderId}`);
    } finally {
      reader.close();
      process.kill(-(start.pid ?? 0), 'SIGTERM');
      await exited;
      clearTimeout(killer);
    }
  }, 120_000);
});
