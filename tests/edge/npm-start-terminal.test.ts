import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

describe('npm start at a terminal', () => {
  test('when its output is a terminal, then it writes short lines, no static files, and the URL last', async () => {
    const port = await freePort();
    const url = await emptyPrivateDatabaseUrl('npm_start_terminal');
    const command = [process.execPath, '--import', 'tsx', join(ROOT, 'edge/start-local.ts')];
    // script(1) runs it on a pseudo-terminal, as a person's shell would: its stdout is a TTY.
    const start = spawn('script', ['-qfec', command.map(quote).join(' '), '/dev/null'], {
      cwd: ROOT,
      detached: true,
      env: npmStartEnvironment(url, {
        LOG_LEVEL: 'info',
        PORT: String(port),
        ORIGIN_PORT: String(await freePort()),
      }),
      // script's own stderr only says the session ended; npm start's output is all on the terminal.
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // In its own process group, so a failing test still leaves nothing running.
    const killer = setTimeout(() => process.kill(-(start.pid ?? 0), 'SIGKILL'), 80_000);
    const exited = new Promise((resolve) => start.once('exit', resolve));
    const lines: string[] = [];
    const reader = createInterface({ input: start.stdout })[Symbol.asyncIterator]();
    const readUntil = async (done: (line: string) => boolean) => {
      for (let next = await reader.next(); !next.done; next = await reader.next()) {
        // A terminal ends lines with CR LF.
        const line = next.value.replace(/\r$/, '');
        lines.push(line);
        if (done(line)) return;
      }
      throw new Error(`npm start ended before the expected line:\n${lines.join('\n')}`);
    };
    try {
      await readUntil((line) => line === 'Press Ctrl-C to stop.');
      const banner = lines.slice(lines.indexOf(`BookStore is running on http://localhost:${port}`));

      // A page's static file, then an API call the origin answers 401.
      await (await fetch(`http://127.0.0.1:${port}/app/main.js`)).arrayBuffer();
      await (await fetch(`http://127.0.0.1:${port}/api/v1/orders`)).arrayBuffer();
      await readUntil((line) => /origin +GET \/api\/v1\/orders 401 /.test(line));

      expect(banner.map((line) => line.trim().split(/\s+/)[0])).toEqual([
        'BookStore',
        'the',
        'demo',
        'seller',
        'buyer',
        'admin',
        'Open',
        'Press',
      ]);
      expect(banner[banner.length - 2]).toBe(`Open http://localhost:${port}`);
      expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
      expect(lines.filter((line) => line.includes('main.js'))).toEqual([]);
      expect(lines).toContainEqual(
        expect.stringMatching(/^\d\d:\d\d:\d\d origin +origin listening/),
      );
    } finally {
      process.kill(-(start.pid ?? 0), 'SIGTERM');
      await exited;
      clearTimeout(killer);
    }
  }, 90_000);
});
