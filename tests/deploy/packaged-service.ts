import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PACKAGE_VARIANTS,
  packageService,
  type PackageVariant,
} from '../../scripts/lambda-artifacts';
import { deployedTogether, loadTemplate, type Template } from './cloudformation-template';

/** How long a deploy test's beforeAll may take: packaging bundles the functions (about 10 s). */
export const PACKAGE_TIMEOUT_MS = 5 * 60 * 1000;

const POLL_MS = 250;

/**
 * Identifies this jest run: the test files of one run are workers of the same parent process (or,
 * in band, that process itself), and the parent's start time tells a recycled pid apart.
 */
function runId(): string {
  const parent = process.ppid;
  let started = 'unknown';
  try {
    // Field 22 of /proc/<pid>/stat is the process start time; the command name (2) may hold spaces.
    const stat = readFileSync(`/proc/${parent}/stat`, 'utf8');
    started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? started;
  } catch {
    // Not Linux: a pid alone is good enough for a scratch directory.
  }
  return `${parent}-${started}`;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const SCRATCH_PREFIX = 'bookstore-deploy-tests-';

/** Removes the packages of earlier runs (older than an hour), so scratch space does not pile up. */
async function removeOldPackages(): Promise<void> {
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of await readdir(tmpdir())) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const { mtimeMs } = await stat(dir).catch(() => ({ mtimeMs: Date.now() }));
    if (mtimeMs < hourAgo) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Takes the run-wide packaging lock (a directory, created atomically): two `serverless package`
 * runs at once would share serverless-esbuild's work folder in the repo. Returns its release.
 */
async function packagingLock(runRoot: string): Promise<() => Promise<void>> {
  const lock = join(runRoot, 'packaging.lock');
  await mkdir(runRoot, { recursive: true });
  for (let waited = 0; waited < PACKAGE_TIMEOUT_MS; waited += POLL_MS) {
    try {
      await mkdir(lock);
      return () => rm(lock, { recursive: true, force: true });
    } catch {
      await sleep(POLL_MS);
    }
  }
  throw new Error(`Timed out waiting for the packaging lock ${lock}`);
}

/**
 * Packages one variant of the service (PACKAGE_VARIANTS) once per jest run and returns the output
 * directory. Several deploy test files need the same package; the first caller packages, the
 * others wait for it.
 */
export async function packagedService(variant: PackageVariant = 'prod'): Promise<string> {
  const runRoot = join(tmpdir(), `${SCRATCH_PREFIX}${runId()}`);
  const root = join(runRoot, variant);
  const outputDir = join(root, 'package');
  const done = join(root, 'done');
  const failed = join(root, 'failed');
  let owner = false;
  try {
    await mkdir(runRoot, { recursive: true });
    await mkdir(root);
    owner = true;
  } catch {
    // Another test file of this run is packaging (or has packaged) this variant already.
  }
  if (owner) {
    const release = await packagingLock(runRoot);
    try {
      await removeOldPackages();
      // With the code cache, so the artifact tests check it is accepted; the same zips without
      // it are what a default package holds (a test deletes it and invokes again).
      await packageService({ ...PACKAGE_VARIANTS[variant], outputDir, codeCache: true });
      await writeFile(done, '');
    } catch (error) {
      await writeFile(failed, (error as Error).message);
      throw error;
    } finally {
      await release();
    }
    return outputDir;
  }
  for (let waited = 0; waited < PACKAGE_TIMEOUT_MS * 3; waited += POLL_MS) {
    if (existsSync(done)) return outputDir;
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    await sleep(POLL_MS);
  }
  throw new Error(`Timed out waiting for ${root} to be packaged by another test file`);
}

/** The prod package as `npm run package` builds it (most deploy tests read this one). */
export const packagedProdService = (): Promise<string> => packagedService('prod');

/**
 * The code stack of a variant and the stateful stack of its stage as one template, as they run
 * once both are deployed (deployedTogether).
 */
export async function deployedStacks(
  variant: Exclude<PackageVariant, 'data-prod' | 'data-dev'> = 'prod',
): Promise<Template> {
  const data: PackageVariant =
    PACKAGE_VARIANTS[variant].stage === 'prod' ? 'data-prod' : 'data-dev';
  return deployedTogether(
    await loadTemplate(await packagedService(variant)),
    await loadTemplate(await packagedService(data)),
  );
}

/** Removes scratch directories a deploy test created. */
export async function removeScratch(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
