import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { databaseUrlText, testDatabaseUrl } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');

/** Starts a server entry point on a free port and returns the address it reports listening on. */
async function listeningAddress(script: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      COOKIE_SECURE: 'false',
      DATABASE_URL: databaseUrlText(testDatabaseUrl()),
      JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
      PORT: '0',
      ORIGIN_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const entry = JSON.parse(line) as { msg?: string; host?: string };
      if (entry.msg?.endsWith('listening')) return entry.host ?? '';
    }
    throw new Error(`${script} ended without listening`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe('where the local servers listen', () => {
  test.each([['edge/server.ts'], ['origin/server.ts']])(
    'when %s starts without HOST, then it listens on 127.0.0.1 only',
    async (script) => {
      expect(await listeningAddress(script, {})).toBe('127.0.0.1');
    },
    60_000,
  );

  test('when HOST=0.0.0.0, then the edge listens on every interface', async () => {
    expect(await listeningAddress('edge/server.ts', { HOST: '0.0.0.0' })).toBe('0.0.0.0');
  }, 60_000);
});
