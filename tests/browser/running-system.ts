import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningSystem {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the whole system exactly as the README's `npm start` does, on free ports and a fresh
 * embedded database, and resolves once it prints that it is running.
 */
export async function startSystem(demoBooks = 30): Promise<RunningSystem> {
  const [port, originPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'bookstore-browser-'));
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      ORIGIN_PORT: String(originPort),
      MAIL_UI_PORT: '0',
      DATABASE_URL: `sqlite:${join(dataDir, 'bookstore.sqlite')}`,
      JWT_LOCAL_KEY_FILE: join(dataDir, 'jwt-signing-key.json'),
      COVERS_DIR: join(dataDir, 'covers'),
      LOCAL_DEMO_BOOKS: String(demoBooks),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not come up:\n${output}`)),
      120_000,
    );
    const check = () => {
      if (output.includes('BookStore is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        // A signal-ended npm has a null exitCode but a signalCode: both mean it is gone.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // Ctrl-C reaches the whole process group, as it does in a terminal; the group is killed
        // outright only if it is still there after 15 s (the timer goes once npm has exited).
        const killer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 15_000);
        killer.unref();
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        process.kill(-(child.pid as number), 'SIGINT');
      }),
  };
}

/** A test file's running system and browser. */
export interface BrowserSuite {
  system: RunningSystem;
  browser: Browser;
}

/**
 * Starts the system (with `demoBooks` demo books) and the browser before the file's first test and
 * stops both after its last; the returned object holds them from the first test on.
 */
export function useSystemAndBrowser(demoBooks?: number): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.system = await startSystem(demoBooks);
    suite.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.system?.stop();
  }, 30_000);
  return suite;
}
