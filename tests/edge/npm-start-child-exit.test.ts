import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** The process ids a process started, with their command lines (Linux /proc). */
function childrenOf(pid: number): Array<{ pid: number; command: string }> {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((child) => ({
      pid: Number(child),
      command: readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' '),
    }));
}

describe('npm start when one of its processes dies', () => {
  test('when the edge dies, then it says so in one line and stops the origin', async () => {
    const url = await emptyPrivateDatabaseUrl('npm_start_exit');
    const start = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'edge/start-local.ts')], {
      cwd: ROOT,
      detached: true,
      env: npmStartEnvironment(url, {
        PORT: String(await freePort()),
        ORIGIN_PORT: String(await freePort()),
      }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // In its own process group, so a failing test still leaves nothing running.
    const killer = setTimeout(() => process.kill(-(start.pid ?? 0), 'SIGKILL'), 80_000);
    const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
    const lines: string[] = [];
    const reader = createInterface({ input: start.stdout });
    try {
      for await (const line of reader) {
        lines.push(line);
        if (line === 'Press Ctrl-C to stop.') break;
      }
      const edge = childrenOf(start.pid ?? 0).find((child) =>
        child.command.includes('edge/server'),
      );
      if (!edge)
        throw new Error(`no edge process among ${JSON.stringify(childrenOf(start.pid ?? 0))}`);

      process.kill(edge.pid, 'SIGKILL');
      for await (const line of createInterface({ input: start.stdout })) lines.push(line);

      expect(await exited).toBe(0);
      expect(lines).toContain('the edge stopped (signal SIGKILL); stopping the origin');
    } finally {
      clearTimeout(killer);
      reader.close();
    }
  }, 90_000);
});
