import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startCatalogFunction, type CatalogFunction } from '../handlers/catalog-function';
import { TEST_DATA_DIR } from '../support/test-paths';

// A generated client is part of the API's contract: the types openapi-typescript generates from the
// live document must accept the programs docs/api.md and /docs show, written against openapi-fetch.
// A change to the document that would break such a client (a number typed as a string, a renamed
// field, a removed route) fails here.

const REPO = join(__dirname, '..', '..');
const SECTION = '## Use the API from TypeScript';

/** The ```ts blocks of a markdown text. */
function typeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

function readmeSection(): string {
  const readme = readFileSync(join(REPO, 'docs', 'api.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`docs/api.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  return readme.slice(start, end < 0 ? undefined : end);
}

/**
 * Type-checks programs beside the generated types, as a consumer's strict project would: tsc in a
 * process of its own (a whole compiler in the test worker kept it from exiting in time). Returns
 * tsc's error lines, `consumer-0.ts(4,52): error TS2322: …`.
 */
async function typeErrors(folder: string, programs: string[]): Promise<string[]> {
  const files = programs.map((program, index) => {
    const file = `consumer-${index}.ts`;
    writeFileSync(join(folder, file), program);
    return file;
  });
  const openapiFetch = dirname(require.resolve('openapi-fetch/package.json'));
  // One check at a time (the tests of this file run in turn), so one project file serves them all.
  const project = join(folder, 'tsconfig.json');
  writeFileSync(
    project,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM'],
        types: [],
        // The programs live outside the repository's tree; the client library is the one installed here.
        paths: { 'openapi-fetch': [openapiFetch] },
      },
      files,
    }),
  );
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', project, '--pretty', 'false']);
    return [];
  } catch (error) {
    const { stdout } = error as { stdout?: string };
    if (!stdout) throw error;
    return stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  }
}

describe('a client generated from the live OpenAPI document', () => {
  let catalog: CatalogFunction;
  let folder: string;
  let description: string;

  beforeAll(async () => {
    catalog = startCatalogFunction();
    const answer = await catalog.invoke({ path: '/api/v1/openapi.json' });
    expect(answer.statusCode).toBe(200);
    description = (JSON.parse(answer.body) as { info: { description: string } }).info.description;
    mkdirSync(TEST_DATA_DIR, { recursive: true });
    folder = mkdtempSync(join(TEST_DATA_DIR, 'typed-client-'));
    writeFileSync(join(folder, 'openapi.json'), answer.body);
    // The command a consumer runs (the README's), on the document the API serves.
    await promisify(execFile)(process.execPath, [
      join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js'),
      join(folder, 'openapi.json'),
      '--output',
      join(folder, 'bookstore-api.d.ts'),
    ]);
  }, 60_000);
  afterAll(() => catalog.close());

  test('when the README program (list, detail, login, order, pay, sales) is type-checked against it, then it compiles', async () => {
    const programs = typeScriptBlocks(readmeSection());
    expect(programs).toHaveLength(1);
    expect(programs[0]).toMatch(/'\/api\/v1\/me\/sales'/);

    expect(await typeErrors(folder, programs)).toEqual([]);
  });

  test('when the program in /docs is type-checked against it, then it compiles', async () => {
    const programs = typeScriptBlocks(description);
    expect(programs).toHaveLength(1);

    expect(await typeErrors(folder, programs)).toEqual([]);
  });

  test('when a call sends a number as a string or misspells a field, then the check fails', async () => {
    const broken = [
      "import createClient from 'openapi-fetch';",
      "import type { paths } from './bookstore-api';",
      "const api = createClient<paths>({ baseUrl: 'http://localhost:3000' });",
      "await api.GET('/api/v1/books', { params: { query: { limit: '3' } } });",
      "await api.POST('/api/v1/auth/login', { body: { mail: 'a@b.c', password: 'x' } });",
    ].join('\n');

    const errors = await typeErrors(folder, [broken]);

    expect(errors).toEqual([
      expect.stringMatching(/consumer-0\.ts\(4,\d+\): error TS2322: /),
      expect.stringMatching(/consumer-0\.ts\(5,\d+\): error TS2561: /),
    ]);
  });
});
