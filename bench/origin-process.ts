import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { OriginMessage, OriginSettings, OriginUsage } from './orders-origin';

/**
 * Compiles the origin process (bench/orders-origin.ts) to JavaScript and forks it under plain `node`
 * with the node flags of `npm run start:origin` (the container's CMD) and the thread pool and
 * allocator settings of the origin image, not under tsx: its loader's module hooks and transpiler would add their own
 * memory to the figure. With `cpuProfileDir`, it writes a --cpu-prof profile there. Waits until it
 * listens.
 */
export async function startOrigin(
  cpuProfileDir: string | undefined,
  settings: OriginSettings,
): Promise<{ child: ChildProcess; base: string }> {
  // In the tools' cache under node_modules: its external packages resolve from there, and neither
  // git nor the linter looks at it.
  const outfile = join(__dirname, '..', 'node_modules', '.cache', 'bench', 'orders-origin.js');
  await build({
    entryPoints: [join(__dirname, 'orders-origin.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    logLevel: 'warning',
  });
  const child = fork(outfile, {
    execArgv: [
      ...startOriginNodeFlags(),
      ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
    ],
    env: { ...process.env, ...originImageEnvironment() },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the origin process exited with ${code}`)));
    child.once('message', (message: OriginMessage) => {
      if ('port' in message) resolve(message.port);
    });
    child.send(settings);
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** The node flags (`--…`) of package.json's start:origin, which the Dockerfile's CMD repeats. */
function startOriginNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (scripts['start:origin'] ?? '').split(' ').filter((word) => word.startsWith('--'));
}

/** UV_THREADPOOL_SIZE and MALLOC_ARENA_MAX as the Dockerfile's ENV sets them for the origin. */
function originImageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
  return Object.fromEntries(
    ['UV_THREADPOOL_SIZE', 'MALLOC_ARENA_MAX'].map((name) => {
      const value = new RegExp(`${name}=(\\d+)`).exec(dockerfile)?.[1];
      if (!value) throw new Error(`the Dockerfile sets no ${name}`);
      return [name, value];
    }),
  );
}

/** What the origin process has used so far. */
export function usageOf(child: ChildProcess): Promise<OriginUsage> {
  return new Promise<OriginUsage>((resolve) => {
    child.once('message', (message: OriginMessage) => {
      if ('usage' in message) resolve(message.usage);
    });
    child.send('report');
  });
}

/** Stops the origin process and waits for it to end. */
export async function stopOrigin(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}
