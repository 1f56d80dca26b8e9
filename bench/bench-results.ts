import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where benches leave their figures (git-ignored): `latest/` for the run in progress. */
export const RESULTS_DIR = join(__dirname, 'results');
const LATEST_DIR = join(RESULTS_DIR, 'latest');

/** A bound a figure is held to (issue 14's targets); a figure without one is shown for context. */
export type Target = { atLeast: number } | { atMost: number } | { below: number };

/** One figure a bench measured. */
export interface BenchFigure {
  bench: string;
  figure: string;
  value: number;
  /** How the value is printed after its number: 'x', '/s', 'ms', 'MB', 'KiB'. */
  unit: string;
  target?: Target;
}

/** Keeps a bench's figures for `npm run bench`'s summary, replacing what it recorded before. */
export function recordFigures(bench: string, figures: Omit<BenchFigure, 'bench'>[]): void {
  mkdirSync(LATEST_DIR, { recursive: true });
  const rows: BenchFigure[] = figures.map((figure) => ({ bench, ...figure }));
  writeFileSync(join(LATEST_DIR, `${bench}.json`), `${JSON.stringify(rows, null, 2)}\n`);
}

/** Forgets every recorded figure, so a summary shows only the benches of the run that follows. */
export function clearRecordedFigures(): void {
  rmSync(LATEST_DIR, { recursive: true, force: true });
}

/** The figures recorded since the last clear, in the order the benches are listed. */
export function readRecordedFigures(benches: readonly string[]): BenchFigure[] {
  let files: string[];
  try {
    files = readdirSync(LATEST_DIR);
  } catch {
    return [];
  }
  return benches
    .filter((bench) => files.includes(`${bench}.json`))
    .flatMap(
      (bench) =>
        JSON.parse(readFileSync(join(LATEST_DIR, `${bench}.json`), 'utf8')) as BenchFigure[],
    );
}

/** Whether a value meets its target (undefined when it has none). */
export function meetsTarget(value: number, target: Target | undefined): boolean | undefined {
  if (!target) return undefined;
  if ('atLeast' in target) return value >= target.atLeast;
  if ('atMost' in target) return value <= target.atMost;
  return value < target.below;
}

/** A target as a reader says it: "≥ 400/s", "≤ 3x", "< 150 MB". */
export function describeTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  if ('atLeast' in target) return `≥ ${target.atLeast}${unit}`;
  if ('atMost' in target) return `≤ ${target.atMost}${unit}`;
  return `< ${target.below}${unit}`;
}
