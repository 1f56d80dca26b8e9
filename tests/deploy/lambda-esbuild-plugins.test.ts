import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { REPO_ROOT } from '../../scripts/lambda-artifacts';

const run = promisify(execFile);

/** The Lambda bundles' plugins (serverless.yml custom.esbuild.plugins), the code cache splitter left out. */
function bundlePlugins(): Plugin[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the plugin file is CommonJS, as serverless-esbuild loads it
  const plugins = require('../../scripts/lambda-esbuild-plugins.cjs') as Plugin[];
  return plugins.filter((plugin) => plugin.name !== 'lambda-code-cache');
}

/** What a module that uses mime-types answers, as JSON; the same code runs bundled and unbundled. */
const MIME_TYPES_PROBE = `
const mime = require('mime-types');
const answers = {
  contentTypeOfJson: mime.contentType('application/json'),
  lookup: [mime.lookup('cover.png'), mime.lookup('index.html'), mime.lookup('data.json')],
  extension: [mime.extension('text/html'), mime.extension('image/jpeg')],
  contentTypeByExtension: mime.contentType('md'),
  typeCount: Object.keys(mime.types).length,
  extensionCount: Object.keys(mime.extensions).length,
  conflicts: mime._extensionConflicts,
};
process.stdout.write(JSON.stringify(answers));
`;

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bookstore-esbuild-plugins-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

test('when mime-types is bundled with the Lambda plugins, then it answers every lookup as the package itself does', async () => {
  // Arrange
  const bundleFile = join(scratch, 'mime-types-probe.js');
  await build({
    stdin: { contents: MIME_TYPES_PROBE, resolveDir: REPO_ROOT, loader: 'js' },
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    plugins: bundlePlugins(),
    logLevel: 'silent',
  });

  // Act
  const bundled = await run(process.execPath, [bundleFile]);
  const unbundled = await run(process.execPath, ['-e', MIME_TYPES_PROBE], { cwd: REPO_ROOT });

  // Assert
  const answers = JSON.parse(bundled.stdout) as { typeCount: number; lookup: unknown[] };
  expect(answers.lookup).toEqual(['image/png', 'text/html', 'application/json']);
  expect(answers.typeCount).toBeGreaterThan(1000);
  expect(answers).toEqual(JSON.parse(unbundled.stdout));
});
