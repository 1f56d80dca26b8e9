import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { parseDatabaseUrl } from '../shared/config';
import { createMysqlDatabase } from './mysql-database';

/**
 * Packaging and running the Lambda artifacts exactly as `serverless package` produces them, for the
 * deploy tests (tests/deploy) and the cold-start and package-size benches (bench/).
 */

const run = promisify(execFile);

/** The repository root (this file lives in scripts/). */
export const REPO_ROOT = resolve(__dirname, '..');

/** The functions serverless.yml packages, each into `<name>.zip`. */
export const FUNCTION_NAMES = ['auth', 'catalog', 'notifications', 'migrate', 'cdnGuard'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * The domain a package-only run uses: a name reserved for examples (RFC 2606), so nothing real is
 * ever configured by accident. `npm run package` uses the same one.
 */
export const PLACEHOLDER_DOMAIN = 'shop.example.com';

/** The serverless configuration of each stack: the code, and the stateful resources it imports. */
export const STACK_CONFIGS = { code: 'serverless.yml', data: 'serverless.data.yml' } as const;
export type Stack = keyof typeof STACK_CONFIGS;

export interface PackageOptions {
  /** Which stack to package (default: the code stack). */
  stack?: Stack;
  stage: string;
  /** The AWS region (`--region`; default us-east-1, as in serverless.yml). */
  region?: string;
  /** Where the zips and the CloudFormation templates go (`serverless package --package`). */
  outputDir: string;
  /** Deploy-time params (`--param name=value`); domainName defaults to the placeholder. */
  params?: Record<string, string>;
  /**
   * Ship a V8 code cache in each zip (scripts/lambda-code-cache.cjs): usable only by the node
   * version and architecture that package, so off unless asked for.
   */
  codeCache?: boolean;
}

/**
 * Runs `serverless package` offline (no AWS call, no credentials needed) and resolves when the
 * artifacts are written; rejects with the command's output when it fails.
 */
export async function packageService(options: PackageOptions): Promise<void> {
  const stack = options.stack ?? 'code';
  // The stateful stack has no domain (and no other param of the code stack).
  const params =
    stack === 'code'
      ? { domainName: PLACEHOLDER_DOMAIN, ...options.params }
      : { ...options.params };
  const args = [
    'package',
    '--config',
    STACK_CONFIGS[stack],
    '--stage',
    options.stage,
    ...(options.region ? ['--region', options.region] : []),
    '--package',
    options.outputDir,
    ...Object.entries(params).map(([name, value]) => `--param=${name}=${value}`),
  ];
  await mkdir(options.outputDir, { recursive: true });
  try {
    await run(join(REPO_ROOT, 'node_modules', '.bin', 'serverless'), args, {
      cwd: REPO_ROOT,
      env: options.codeCache ? { ...process.env, LAMBDA_CODE_CACHE: '1' } : process.env,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 5 * 60 * 1000,
    });
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `serverless package failed: ${failure.message}\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`,
      { cause: error },
    );
  }
}

/**
 * The packaged variants CI lints and the deploy tests check. The code stack: prod as `npm run
 * package` builds it (first deploy: no image yet, DNS by hand), prod as a later deploy runs (an
 * image tag and a hosted zone, so every conditional resource is in), the cheaper dev stage, and
 * prod in a second region (where the CDN's certificate and web ACL come from us-east-1). The
 * stateful stack: prod (Multi-AZ, two NAT gateways, a backup copy to a second region) and dev.
 */
export const PACKAGE_VARIANTS = {
  prod: { stage: 'prod', params: {} },
  'prod-live': {
    stage: 'prod',
    params: {
      originImageTag: 'release-0123456789ab',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      notificationsFromEmail: 'orders@shop.example.com',
    },
  },
  dev: { stage: 'dev', params: {} },
  'prod-eu': {
    stage: 'prod',
    region: 'eu-west-1',
    params: {
      cdnCertificateArn:
        'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      cdnWebAclArn:
        'arn:aws:wafv2:us-east-1:123456789012:global/webacl/bookstore-prod-cdn/00000000-0000-0000-0000-000000000000',
    },
  },
  'data-prod': {
    stack: 'data',
    stage: 'prod',
    params: {
      backupCopyVaultArn: 'arn:aws:backup:us-west-2:123456789012:backup-vault:bookstore-copies',
    },
  },
  'data-dev': { stack: 'data', stage: 'dev', params: {} },
} as const satisfies Record<string, Omit<PackageOptions, 'outputDir'>>;
export type PackageVariant = keyof typeof PACKAGE_VARIANTS;

/** The path of one function's zip in a package output directory. */
export function artifactPath(outputDir: string, name: FunctionName): string {
  return join(outputDir, `${name}.zip`);
}

/** The CloudFormation template `serverless deploy` would send, from a package output directory. */
export async function readPackagedTemplate(outputDir: string): Promise<unknown> {
  return JSON.parse(
    await readFile(join(outputDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as unknown;
}

/** The names of the files inside a zip. */
export function listZipEntries(zipFile: string): string[] {
  return new AdmZip(zipFile).getEntries().map((entry) => entry.entryName);
}

/** The handler module inside a function's zip: the kebab-case file of its camelCase name. */
export function handlerModulePath(name: FunctionName): string {
  return `handlers/${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}.js`;
}

/**
 * Unzips a function's artifact into destDir and returns the absolute path of its handler module
 * (`handlers/<name>.js`, as serverless.yml's `handler: handlers/<name>.handler` names it).
 */
export function extractArtifact(zipFile: string, name: FunctionName, destDir: string): string {
  new AdmZip(zipFile).extractAllTo(destDir, true);
  return join(destDir, handlerModulePath(name));
}

/**
 * Drops and creates a database on the local MariaDB (root, no password), then applies the
 * migrations and seeds (delivery providers) with the repo's own CLI, as an operator would.
 * Returns its DATABASE_URL. The bundles carry no SQLite driver, so artifacts need MySQL/MariaDB.
 */
export async function recreateSeededDatabase(database: string): Promise<string> {
  const databaseUrl = `mysql://root@127.0.0.1:3306/${database}`;
  const url = parseDatabaseUrl(databaseUrl);
  if (url?.dialect !== 'mysql') throw new Error(`Not a plain database name: ${database}`);
  await createMysqlDatabase(url, { fresh: true });
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  await run(tsx, ['shared/cli/migrate.ts'], { cwd: REPO_ROOT, env });
  await run(tsx, ['shared/cli/seed.ts'], { cwd: REPO_ROOT, env });
  return databaseUrl;
}

/**
 * The flags the Lambda Node.js runtime starts node with. `--expose-gc` also changes V8's flag hash,
 * which a code cache must match (scripts/lambda-code-cache.cjs makes the shipped one under it), so
 * a local run without it would measure a cache that Lambda refuses, or the reverse.
 */
export const LAMBDA_NODE_FLAGS = ['--expose-gc', '--max-http-header-size=81920'];

const FIRST_ANSWER_MARK = '@@bookstore-first-answer@@';
const RESULTS_MARK = '@@bookstore-results@@';

/**
 * Runs in the fresh `node` process: loads the handler module the way the Lambda runtime does
 * (require, then call `handler(event, context)`), answers the events one after the other, marks
 * the first answer on stdout the moment it arrives, then prints all results and exits (exiting
 * also drops pooled sockets, as a frozen then reaped Lambda container would).
 */
const RUNNER_SOURCE = `
const [handlerFile, eventsJson] = process.argv.slice(1);
const { handler } = require(handlerFile);
const events = JSON.parse(eventsJson);
const context = (index) => ({
  awsRequestId: 'packaged-handler-' + index,
  functionName: 'packaged-handler',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:packaged-handler',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/packaged-handler',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10000,
  done() {}, fail() {}, succeed() {},
});
(async () => {
  const results = [];
  for (let index = 0; index < events.length; index += 1) {
    results.push(await handler(events[index], context(index)));
    if (index === 0) process.stdout.write('\\n${FIRST_ANSWER_MARK}\\n');
  }
  process.stdout.write('\\n${RESULTS_MARK}' + JSON.stringify(results) + '\\n', () => process.exit(0));
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + '\\n', () => process.exit(1));
});
`;

/** What a packaged handler answered, and when. */
export interface PackagedInvocation {
  /** One result per event, in order (API Gateway v2 structured results for the real handlers). */
  results: unknown[];
  /** Milliseconds from spawning the `node` process to the first answered invocation. */
  firstAnswerMs: number;
  /** Everything the process wrote (its JSON logs included), for failure messages. */
  output: string;
}

export interface InvokeOptions {
  handlerFile: string;
  events: unknown[];
  /**
   * The process's whole environment besides PATH: nothing is inherited, so no AWS credentials,
   * region or DATABASE_URL of the caller leaks into the function.
   */
  env: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Starts a fresh `node` process, with the Lambda runtime's node flags, that requires the handler
 * module and invokes it with each event in turn (the first invocation cold, the others warm); resolves with the results.
 */
export function invokePackagedHandler(options: InvokeOptions): Promise<PackagedInvocation> {
  const events = JSON.stringify(options.events);
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    let firstAnswerMs: number | undefined;
    let stdout = '';
    let stderr = '';
    const child = spawn(
      process.execPath,
      [...LAMBDA_NODE_FLAGS, '-e', RUNNER_SOURCE, options.handlerFile, events],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (firstAnswerMs === undefined && stdout.includes(FIRST_ANSWER_MARK)) {
        firstAnswerMs = Number(process.hrtime.bigint() - started) / 1e6;
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = `${stdout}\n${stderr}`;
      const resultsLine = stdout.split('\n').find((line) => line.startsWith(RESULTS_MARK));
      if (code !== 0 || !resultsLine || firstAnswerMs === undefined) {
        reject(
          new Error(
            `packaged handler ${options.handlerFile} exited with ${signal ?? code}:\n${output}`,
          ),
        );
        return;
      }
      const results = JSON.parse(resultsLine.slice(RESULTS_MARK.length)) as unknown[];
      resolvePromise({ results, firstAnswerMs, output });
    });
  });
}
