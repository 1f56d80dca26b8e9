import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import {
  RESULTS_DIR,
  clearRecordedFigures,
  describeTarget,
  meetsTarget,
  readRecordedFigures,
} from './bench-results';

/**
 * `npm run bench`: every bench one after the other (their own tables as they go), then one summary
 * table of the figures they recorded, each next to its target, printed and written to
 * bench/results/<time>.md (git-ignored) for comparison between runs. The machine and its load
 * average go with it: on a shared machine the ratios, measured within one run, are what compare.
 */

// bench:scale builds a database of a million books and runs for a quarter of an hour: opt-in.
const BENCHES = [
  'package-size',
  'cold-start',
  'catalog',
  'edge',
  'orders',
  'covers',
  ...(process.env.BENCH_SCALE === '1' ? ['scale'] : []),
] as const;
const ROOT = join(__dirname, '..');

const format = (value: number, unit: string) =>
  `${value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(2)}${unit}`;

function summary(started: Date, failed: string[]): string {
  const rows = readRecordedFigures(BENCHES).map((figure) => {
    const met = meetsTarget(figure.value, figure.target);
    return [
      figure.bench,
      figure.figure,
      format(figure.value, figure.unit),
      describeTarget(figure.target, figure.unit),
      met === undefined ? '' : met ? 'yes' : 'NO',
    ];
  });
  const cpu = cpus();
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  const lines = [
    `Benchmarks of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, ${type()} ${release()}, node ${process.version}; load average at the end ${load}.`,
    '',
    '| bench | figure | measured | target | met |',
    '|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  if (failed.length > 0) lines.push('', `Failed, so missing above: ${failed.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

function main(): void {
  const started = new Date();
  clearRecordedFigures();
  const failed: string[] = [];
  for (const bench of BENCHES) {
    process.stdout.write(`\n==> npm run bench:${bench}\n`);
    const result = spawnSync('npm', ['run', '--silent', `bench:${bench}`], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) failed.push(bench);
  }
  const table = summary(started, failed);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${started.toISOString().replace(/[:.]/g, '-')}.md`);
  writeFileSync(file, table);
  process.stdout.write(`\n${table}\n(written to ${file})\n`);
  if (failed.length > 0) process.exitCode = 1;
}

main();
