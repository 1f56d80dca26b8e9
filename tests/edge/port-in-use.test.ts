import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { testDatabaseUrl } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let occupied: Server;
let port: number;

beforeAll(async () => {
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(0, '0.0.0.0', resolve));
  port = (occupied.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => occupied.close(resolve));
});

/** Runs a server entry point as `npm start` does and collects how it ended. */
function run(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const url = testDatabaseUrl();
  const child = spawn(TSX, [join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      COOKIE_SECURE: 'false',
      DATABASE_URL:
        url.dialect === 'sqlite' ? `sqlite:${url.storage}` : (process.env.DATABASE_URL ?? ''),
      JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
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
    30_000,
  );
});
