import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { FUNCTION_NAMES, artifactPath, packageService } from '../scripts/lambda-artifacts';
import { recordFigures } from './bench-results';

/**
 * Size of each function's deployment zip from `serverless package --stage prod` (aim: under
 * 1 MiB each), with the unzipped bundle beside it. Prints a table; no assertion.
 *
 *   npx tsx bench/package-size.ts
 */

const AIM_BYTES = 1024 * 1024;

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'bookstore-package-size-'));
  try {
    process.stdout.write('packaging (serverless package --stage prod) ...\n');
    await packageService({ stage: 'prod', outputDir: scratch });
    const rows: string[][] = [];
    const figures: Parameters<typeof recordFigures>[1] = [];
    for (const name of FUNCTION_NAMES) {
      const zip = artifactPath(scratch, name);
      const zipped = (await stat(zip)).size;
      const unzipped = new AdmZip(zip)
        .getEntries()
        .reduce((total, entry) => total + entry.header.size, 0);
      figures.push({
        figure: `${name}.zip`,
        value: zipped / 1024,
        unit: ' KiB',
        target: { below: AIM_BYTES / 1024 },
      });
      rows.push([
        `${name}.zip`,
        String(zipped),
        (zipped / 1024).toFixed(0),
        (unzipped / 1024).toFixed(0),
        zipped < AIM_BYTES ? 'yes' : 'NO',
      ]);
    }
    const header = ['artifact', 'zip bytes', 'zip KiB', 'unzipped KiB', 'under 1 MiB'];
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
    );
    const line = (cells: string[]) =>
      cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
    process.stdout.write(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}\n`);
    for (const row of rows) process.stdout.write(`${line(row)}\n`);
    recordFigures('package-size', figures);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
