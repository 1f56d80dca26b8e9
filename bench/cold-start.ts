import { cpSync } from 'node:fs';
import { writeFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  artifactPath,
  extractArtifact,
  invokePackagedHandler,
  packageService,
  recreateSeededDatabase,
} from '../scripts/lambda-artifacts';
import { recordFigures } from './bench-results';
import { bundleLikeFunctions } from './cold-start-floor/bundle-like-functions';
import { median } from './median';

/**
 * Cold start of the packaged functions: the time from spawning a fresh `node` process to the first
 * answered invocation of the handler in the real zip, against the same for an empty handler, in one
 * run with the candidates interleaved. Reports medians and the ratio (aim: at most 3x). No assertion.
 *
 *   npx tsx bench/cold-start.ts            (ROUNDS=15 npx tsx bench/cold-start.ts for more samples)
 *
 * A floor row runs bench/cold-start-floor/fixed-packages.ts, bundled and code-cached as the functions
 * are: only the packages the functions must use (express, helmet, serverless-http, Sequelize with
 * mysql2, zod, jose, pino) loaded at module scope, no project code, no database. No function that
 * loads them at start-up can start faster than that row, so it tells how much of each function's
 * figure is its own.
 *
 * Needs the local MariaDB: the catalog answers from database bookstore_cold_start (created here).
 * Every process gets the node flags of the Lambda runtime (V8 accepts a code cache only under the
 * flags it was made with). Each function also runs without its shipped V8 code cache, as on a
 * Lambda whose node version or architecture differs from the packaging machine's, where the
 * loader does not offer the cache (scripts/lambda-code-cache.cjs).
 *
 * Locally there is no Secrets Manager round trip; on AWS a cold start adds it (and the VPC's ENI
 * is already attached since 2019, so it costs nothing per cold start).
 */

const ROUNDS = Number(process.env.ROUNDS ?? 9);

/** An empty function: the floor a Node.js process and this harness impose on any handler. */
const EMPTY_HANDLER = `exports.handler = async () => ({ statusCode: 200, body: '' });\n`;

interface Candidate {
  name: string;
  /** Whether the row is held to the 3x aim (the floor row is context, not a target). */
  target: boolean;
  route: string;
  handlerFile: string;
  event: unknown;
  env: Record<string, string>;
}

function event(path: string): unknown {
  const rawPath = path;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { host: 'shop.example.com', 'user-agent': 'bench' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'shop.example.com',
      domainPrefix: 'shop',
      http: {
        method: 'GET',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'bench',
      },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'bookstore-cold-start-'));
  try {
    process.stdout.write('packaging (serverless package --stage prod) ...\n');
    const outputDir = join(scratch, 'package');
    await packageService({ stage: 'prod', outputDir, codeCache: true });
    const databaseUrl = await recreateSeededDatabase('bookstore_cold_start');
    const emptyDir = join(scratch, 'empty', 'handlers');
    await mkdir(emptyDir, { recursive: true });
    await writeFile(join(emptyDir, 'empty.js'), EMPTY_HANDLER);
    const { privateKey } = generateKeyPairSync('ed25519');
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const candidates: Candidate[] = [
      {
        name: 'empty',
        target: false,
        route: '(any)',
        handlerFile: join(emptyDir, 'empty.js'),
        event: event('/'),
        env: {},
      },
      {
        name: 'fixed packages only',
        target: false,
        route: '(any), no database',
        handlerFile: await bundleLikeFunctions(
          join(__dirname, 'cold-start-floor', 'fixed-packages.ts'),
          join(scratch, 'fixed-packages'),
          { codeCache: true },
        ),
        event: event('/'),
        env,
      },
      {
        name: 'auth',
        target: true,
        route: 'GET /.well-known/jwks.json',
        handlerFile: extractArtifact(
          artifactPath(outputDir, 'auth'),
          'auth',
          join(scratch, 'auth'),
        ),
        event: event('/.well-known/jwks.json'),
        env,
      },
      {
        name: 'catalog',
        target: true,
        route: 'GET /api/v1/delivery-providers',
        handlerFile: extractArtifact(
          artifactPath(outputDir, 'catalog'),
          'catalog',
          join(scratch, 'catalog'),
        ),
        event: event('/api/v1/delivery-providers'),
        env,
      },
    ];

    for (const name of ['fixed packages only', 'auth', 'catalog'] as const) {
      const withCache = candidates.find((candidate) => candidate.name === name);
      if (!withCache) continue;
      candidates.push({
        ...withCache,
        name: `${name} (no code cache)`,
        handlerFile: withoutCodeCache(withCache.handlerFile, join(scratch, `${name}-no-cache`)),
      });
    }

    const samples = new Map<string, number[]>(candidates.map((candidate) => [candidate.name, []]));
    // One unmeasured start each warms the file cache, then the candidates take turns round by round.
    for (let round = -1; round < ROUNDS; round += 1) {
      for (const candidate of candidates) {
        const { firstAnswerMs, results } = await invokePackagedHandler({
          handlerFile: candidate.handlerFile,
          events: [candidate.event],
          env: candidate.env,
        });
        const status = (results[0] as { statusCode?: number }).statusCode;
        if (status !== 200) throw new Error(`${candidate.name} answered ${String(status)}`);
        if (round >= 0) samples.get(candidate.name)?.push(firstAnswerMs);
      }
    }

    const floor = median(samples.get('empty') ?? []);
    const rows = candidates.map((candidate) => {
      const values = samples.get(candidate.name) ?? [];
      return [
        candidate.name,
        candidate.route,
        median(values).toFixed(0),
        Math.min(...values).toFixed(0),
        Math.max(...values).toFixed(0),
        `${(median(values) / floor).toFixed(2)}x`,
      ];
    });
    recordFigures('cold-start', [
      { figure: 'empty handler, median ms', value: floor, unit: ' ms' },
      ...candidates
        .filter((candidate) => candidate.name !== 'empty')
        .map((candidate) => ({
          figure: `${candidate.name} vs empty handler`,
          value: median(samples.get(candidate.name) ?? []) / floor,
          unit: 'x',
          ...(candidate.target ? { target: { atMost: 3 } } : {}),
        })),
    ]);
    printTable(['handler', 'first invocation', 'median ms', 'min ms', 'max ms', 'vs empty'], rows);
    process.stdout.write(
      `\n${ROUNDS} rounds, fresh node ${process.version} process per sample; aim: at most 3x the empty handler.\n`,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A copy of an extracted function without its V8 code cache; returns the copy's handler file. */
function withoutCodeCache(handlerFile: string, destDir: string): string {
  const handlersDir = dirname(handlerFile);
  const copyDir = join(destDir, 'handlers');
  cpSync(handlersDir, copyDir, {
    recursive: true,
    filter: (source) => !source.endsWith('.v8cache'),
  });
  return join(copyDir, basename(handlerFile));
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  process.stdout.write(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
