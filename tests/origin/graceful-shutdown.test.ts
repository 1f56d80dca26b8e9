import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair } from 'jose';
import { createTokenSigner } from '../../shared/auth/token-signer';
import type { DatabaseUrl } from '../../shared/config';
import { createDatabase } from '../../shared/db/create-database';
import { createUser } from '../support/factories';
import { testConfig } from '../support/test-config';
import { databaseUrlText, testDatabaseUrl } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');

/** The start command of package.json's start:origin, which the Dockerfile's CMD also runs. */
function startCommand(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const [program, ...args] = (scripts['start:origin'] ?? '').split(' ');
  if (program !== 'node') throw new Error('start:origin is expected to run node');
  return [process.execPath, ...args];
}

interface RunningOrigin {
  child: ChildProcess;
  port: number;
  logs: Array<{ msg?: string }>;
  exited: Promise<number | null>;
  waitForLog(message: string): Promise<void>;
}

let databaseUrl: DatabaseUrl;
let publicKeyPem: string;
let authorization: string;

/** Runs the built server as a child process, as the container does, on an ephemeral port. */
async function startOrigin(deadlineMs: number): Promise<RunningOrigin> {
  const [node, ...args] = startCommand();
  const child = spawn(node!, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrlText(databaseUrl),
      ORIGIN_PORT: '0',
      JWT_PUBLIC_KEY: publicKeyPem,
      SHUTDOWN_DEADLINE_MS: String(deadlineMs),
      ORDER_EXPIRY_SWEEP_INTERVAL_MS: '60000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<{ msg?: string; port?: number }> = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as { msg?: string });
      } catch {
        logs.push({ msg: line });
      }
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const waitForLog = async (message: string) => {
    while (!logs.some((log) => log.msg === message)) {
      if (child.exitCode !== null)
        throw new Error(`origin exited before logging "${message}": ${JSON.stringify(logs)}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await waitForLog('origin listening');
  const port = logs.find((log) => log.msg === 'origin listening')?.port;
  if (!port) throw new Error('no port logged');
  return { child, port, logs, exited, waitForLog };
}

/** Starts a POST whose body is only half sent, so the request stays in flight until `finish`. */
function halfSentRequest(
  port: number,
  body: string,
): {
  request: ClientRequest;
  response: Promise<IncomingMessage & { text: string }>;
  finish(): void;
} {
  const request = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/books',
    agent: false,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization,
    },
  });
  const response = new Promise<IncomingMessage & { text: string }>((resolve, reject) => {
    request.on('response', (incoming) => {
      let text = '';
      incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
      incoming.on('end', () => resolve(Object.assign(incoming, { text })));
    });
    request.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  return { request, response, finish: () => request.end(body.slice(half)) };
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    // agent: false, so this is a new connection rather than a kept-alive one.
    const probe = httpRequest(
      { host: '127.0.0.1', port, path: '/healthz', agent: false },
      (response) => {
        response.resume();
        resolve(false);
      },
    );
    probe.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    probe.end();
  });
}

beforeAll(async () => {
  // Build what the container runs; type errors elsewhere in the tree do not stop tsc from emitting.
  try {
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'ignore' },
    );
  } catch {
    // Checked just below: what matters is that the server file was emitted.
  }
  if (!existsSync(join(ROOT, 'dist', 'origin', 'server.js')))
    throw new Error('dist/origin/server.js was not built');

  databaseUrl = testDatabaseUrl();
  const db = createDatabase({
    url: databaseUrl,
    pool: { kind: 'service', max: 2 },
    connectTimeoutMs: 5000,
    acquireTimeoutMs: 5000,
  });
  const seller = await createUser(db);
  await db.close();

  const config = testConfig();
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  publicKeyPem = await exportSPKI(publicKey);
  const signer = createTokenSigner({
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: 600,
    privateKey,
    keyId: 'shutdown-test',
  });
  authorization = `Bearer ${(await signer.sign({ userId: seller.id, role: 'customer' })).accessToken}`;
}, 120_000);

describe('the origin server on SIGTERM', () => {
  test('when requests are in flight, then they complete, new connections are refused and the process exits cleanly', async () => {
    const origin = await startOrigin(10_000);
    const inFlight = halfSentRequest(
      origin.port,
      JSON.stringify({
        title: 'Drained',
        author: 'A',
        condition: 'good',
        priceCents: 100,
        stock: 1,
      }),
    );
    // The server has the request once it answers another one on a fresh connection after it.
    expect(await connectionRefused(origin.port)).toBe(false);

    origin.child.kill('SIGTERM');
    await origin.waitForLog('draining: readiness fails, no new connections');
    const refused = await connectionRefused(origin.port);
    inFlight.finish();
    const response = await inFlight.response;
    const exitCode = await origin.exited;

    expect(refused).toBe(true);
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.text)).toMatchObject({ book: { title: 'Drained' } });
    expect(exitCode).toBe(0);
    expect(origin.logs.map((log) => log.msg)).toContain('origin stopped');
  }, 60_000);

  test('when a request never finishes, then the process still exits at the deadline', async () => {
    const origin = await startOrigin(1500);
    const stuck = halfSentRequest(origin.port, JSON.stringify({ title: 'Never sent in full' }));
    stuck.request.on('error', () => undefined);
    stuck.response.catch(() => undefined);
    expect(await connectionRefused(origin.port)).toBe(false);

    origin.child.kill('SIGTERM');
    const exitCode = await origin.exited;

    expect(exitCode).toBe(1);
    expect(origin.logs.map((log) => log.msg)).toContain(
      'shutdown deadline passed with requests still open; exiting',
    );
    stuck.request.destroy();
  }, 60_000);
});

describe('the origin server behind the load balancer', () => {
  test('when it answers, then it keeps the connection open longer than the ALB idle timeout (60 s)', async () => {
    const origin = await startOrigin(5000);
    const response = await fetch(`http://127.0.0.1:${origin.port}/healthz`);
    origin.child.kill('SIGTERM');
    await origin.exited;

    // A target that closes an idle connection first races the ALB reusing it: a 502 for the client.
    const timeout = Number(/timeout=(\d+)/.exec(response.headers.get('keep-alive') ?? '')?.[1]);
    expect(timeout).toBeGreaterThan(60);
  }, 60_000);
});
