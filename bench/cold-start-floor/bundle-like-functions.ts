import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/lambda-artifacts';

/** The keys of serverless.yml's custom.esbuild that this helper reads. */
interface ServerlessEsbuildSettings {
  bundle: boolean;
  minify: boolean;
  treeShaking: boolean;
  sourcemap: boolean;
  platform: BuildOptions['platform'];
  target: string;
  format: BuildOptions['format'];
  exclude: string[];
  plugins: string;
}

/**
 * Bundles one entry file the way `serverless package` bundles the functions: serverless-esbuild's
 * settings read from serverless.yml (custom.esbuild) and the same plugin file, so the bundle gets
 * the same trimming, loader and, with `codeCache`, the same V8 code cache. Returns the handler
 * module's path (`<outDir>/<entry name>.js`).
 */
export async function bundleLikeFunctions(
  entryFile: string,
  outDir: string,
  options: { codeCache: boolean },
): Promise<string> {
  // Silent: CloudFormation's tags (!Ref, !Sub) mean nothing to a YAML parser, and only
  // custom.esbuild is read here.
  const serverlessYml = parse(readFileSync(join(REPO_ROOT, 'serverless.yml'), 'utf8'), {
    logLevel: 'silent',
  }) as { custom: { esbuild: ServerlessEsbuildSettings } };
  const settings = serverlessYml.custom.esbuild;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the plugin file is CommonJS, as serverless-esbuild loads it
  const plugins = require(join(REPO_ROOT, settings.plugins)) as Plugin[];
  // The code cache plugin reads the variable when the bundle is written, as under `serverless package`.
  const previous = process.env.LAMBDA_CODE_CACHE;
  process.env.LAMBDA_CODE_CACHE = options.codeCache ? '1' : '0';
  try {
    await build({
      absWorkingDir: REPO_ROOT,
      entryPoints: [entryFile],
      outdir: outDir,
      bundle: settings.bundle,
      minify: settings.minify,
      treeShaking: settings.treeShaking,
      sourcemap: settings.sourcemap,
      platform: settings.platform,
      target: settings.target,
      format: settings.format,
      external: settings.exclude,
      plugins,
      logLevel: 'error',
    });
  } finally {
    if (previous === undefined) delete process.env.LAMBDA_CODE_CACHE;
    else process.env.LAMBDA_CODE_CACHE = previous;
  }
  return join(outDir, `${basename(entryFile, extname(entryFile))}.js`);
}
