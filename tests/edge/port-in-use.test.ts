import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { DatabaseUrl } from '../../shared/config';
import {
  databaseUrlText,
  emptyPrivateDatabaseUrl,
  testDatabaseUrl,
} from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
let occupied: Server;
const heldConnections = new Set<Socket>();
let port: number;

beforeAll(async () => {
  // Accepts connections and never answers, like a stuck process holding the port.
  occupied = createServer((socket) => {
    heldConnections.add(socket);
    socket.once('close', () => heldConnections.delete(socket));
  });
  await new Promise<void>((resolve) => occupied.listen(0, '0.0.0.0', resolve));
  port = (occupied.address() as { port: number }).port;
});

afterAll(async () => {
  for (const socket of heldConnections) socket.destroy();
  await new Promise((resolve) => occupied.close(resolve));
});

/** Runs a server entry point as `npm start` does and collects how it ended and what it printed. */
function run(
  script: string,
  env: Record<string, string>,
  url: DatabaseUrl = testDatabaseUrl(),
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // In its own process group, so a time-out kills the children it started too.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      COOKIE_SECURE: 'false',
      DATABASE_URL: databaseUrlText(url),
      JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => process.kill(-(child.pid ?? 0), 'SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('a server whose port is taken', () => {
  test.each([
    ['edge/server.ts', 'PORT'],
    ['origin/server.ts', 'ORIGIN_PORT'],
  ])(
    'when %s cannot listen, then it exits 1 with one line naming %s',
    async (script, variable) => {
      const { code, stderr } = await run(script, { [variable]: String(port) });

      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `error: port ${port} is already in use: stop what listens there, or choose another port with ${variable}=<port>`,
      );
    },
    90_000,
  );
});

/** Whether something accepts TCP connections on the port. */
function listening(onPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(onPort, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

describe('npm start when the edge cannot listen', () => {
  test('when the edge port is taken, then it says so, stops the origin it started and exits 1', async () => {
    const originPort = await freePort();

    // Its own database: npm start seeds demo accounts, which other test files must not see.
    const { code, stderr } = await run(
      'edge/start-local.ts',
      {
        PORT: String(port),
        ORIGIN_PORT: String(originPort),
        MAIL_UI_PORT: '0',
        LOCAL_DEMO_BOOKS: '0',
      },
      await emptyPrivateDatabaseUrl('npm_start'),
    );

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `error: port ${port} is already in use: stop what listens there, or choose another port with PORT=<port>`,
      'error: the edge stopped before it was ready (its error is above)',
    ]);
    expect(await listening(originPort)).toBe(false);
  }, 90_000);
});

describe('npm start when another server answers on one of its ports', () => {
  let stranger: HttpServer;
  let strangerPort: number;

  beforeAll(async () => {
    // Answers 200 to everything, as another BookStore already running would answer its probes.
    stranger = createHttpServer((_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    strangerPort = (stranger.address() as { port: number }).port;
  });

  afterAll(async () => {
    stranger.closeAllConnections();
    await new Promise((resolve) => stranger.close(resolve));
  });

  /** Runs `npm start` with one port held by the stranger; both cases run at once, to save time. */
  async function startWithTaken(server: 'origin' | 'edge', taken: string, other: string) {
    const otherPort = await freePort();
    const outcome = await run(
      'edge/start-local.ts',
      {
        [taken]: String(strangerPort),
        [other]: String(otherPort),
        MAIL_UI_PORT: '0',
        LOCAL_DEMO_BOOKS: '0',
      },
      await emptyPrivateDatabaseUrl(`npm_start_${server}`),
    );
    return { server, taken, otherPort, ...outcome };
  }

  test('when the origin or the edge port is taken, then it exits 1 saying which, never prints the banner, and leaves nothing listening', async () => {
    const outcomes = await Promise.all([
      startWithTaken('origin', 'ORIGIN_PORT', 'PORT'),
      startWithTaken('edge', 'PORT', 'ORIGIN_PORT'),
    ]);

    for (const { server, taken, otherPort, code, stdout, stderr } of outcomes) {
      expect(code).toBe(1);
      expect(stdout).not.toContain('BookStore is running');
      expect(stdout).not.toContain('password');
      expect(stderr.trim().split('\n')).toEqual([
        `error: port ${strangerPort} is already in use: stop what listens there, or choose another port with ${taken}=<port>`,
        `error: the ${server} stopped before it was ready (its error is above)`,
      ]);
      expect(await listening(otherPort)).toBe(false);
    }
  }, 90_000);
});

describe('npm start when the mail catcher cannot listen', () => {
  test('when MAIL_UI_PORT is taken, then it says so in one line naming MAIL_UI_PORT and exits 1', async () => {
    const { code, stderr } = await run(
      'edge/start-local.ts',
      {
        PORT: String(await freePort()),
        ORIGIN_PORT: String(await freePort()),
        MAIL_UI_PORT: String(port),
        LOCAL_DEMO_BOOKS: '0',
      },
      await emptyPrivateDatabaseUrl('npm_start_mail'),
    );

    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `error: port ${port} is already in use: stop what listens there, or choose another port with MAIL_UI_PORT=<port>`,
    );
  }, 90_000);
});
