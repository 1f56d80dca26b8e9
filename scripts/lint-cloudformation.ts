import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_VARIANTS, REPO_ROOT, packageService } from './lambda-artifacts';

/**
 * Packages every variant of both stacks (PACKAGE_VARIANTS: the code stack of serverless.yml and
 * the stateful stack of serverless.data.yml) offline and runs cfn-lint over each template with the repository's .cfnlintrc.yaml (its suppressions carry their reasons). Exits
 * non-zero on any finding. CI runs it (.ci/run):
 *
 *   npx tsx scripts/lint-cloudformation.ts
 */

const run = promisify(execFile);

async function lintVariant(name: string, outputDir: string): Promise<boolean> {
  const template = join(outputDir, 'cloudformation-template-update-stack.json');
  try {
    const { stdout } = await run('cfn-lint', ['--config-file', '.cfnlintrc.yaml', template], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    process.stdout.write(`cfn-lint ${name}: clean\n${stdout}`);
    return true;
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    process.stdout.write(
      `cfn-lint ${name}: FAILED\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    );
    return false;
  }
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'bookstore-cfn-lint-'));
  let clean = true;
  try {
    // One after the other: serverless-esbuild's work folder is shared by packaging runs.
    for (const [name, variant] of Object.entries(PACKAGE_VARIANTS)) {
      const outputDir = join(scratch, name);
      await packageService({ ...variant, outputDir });
      clean = (await lintVariant(name, outputDir)) && clean;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (!clean) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exitCode = 1;
});
