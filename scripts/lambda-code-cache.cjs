'use strict';
/**
 * A V8 code cache shipped inside each Lambda zip, so a cold start deserialises the bundle's
 * bytecode instead of parsing and compiling ~2 MB of JavaScript (bench/cold-start.ts measures it).
 * It is opt-in (`LAMBDA_CODE_CACHE=1` when packaging): V8 takes it only on the very node version
 * and architecture that packaged it, which a package built on x86_64 for arm64 Lambda never meets,
 * and there it would only add about 1 MB to each zip. The loader is always there, so a zip with and
 * one without the cache run the same code.
 *
 * After esbuild writes `handlers/<name>.js`, the bundle becomes `handlers/<name>.bundle.js`, and
 * `handlers/<name>.js` a small loader that compiles it with `vm.Script` and the cache
 * `handlers/<name>.bundle.v8cache`. The cache is made at package time by loading the bundle once in
 * a child `node` (the module scope only: nothing connects there), with the flag the Lambda
 * runtime starts node with that V8 checks (`--expose-gc`; V8 refuses a cache made under other
 * flags). V8 also refuses a cache from another V8 version, so the loader only offers it when the
 * running node is the one that packaged it (same version and architecture); otherwise, or if V8
 * rejects it anyway, the bundle compiles as without a cache. The loader only reads, so it works
 * from Lambda's read-only /var/task. Node's own `module.enableCompileCache()` is not used: it keys
 * its entries by absolute path and writes to its directory, neither of which suits /var/task.
 */
const { execFileSync } = require('node:child_process');
const { generateKeyPairSync } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** The node flags of the Lambda Node.js runtime that change V8's flag hash (so the cache's). */
const LAMBDA_NODE_FLAGS = ['--expose-gc'];

/** Set to 1 in `serverless package`'s environment to ship the cache. */
const CODE_CACHE_VARIABLE = 'LAMBDA_CODE_CACHE';

function loaderSource(name) {
  return `'use strict';
// Loads ${name}.bundle.js with the V8 code cache made when it was packaged (scripts/lambda-code-cache.cjs).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { wrap } = require('node:module');
const bundleFile = path.join(__dirname, ${JSON.stringify(`${name}.bundle.js`)});
let cachedData;
if (process.version === ${JSON.stringify(process.version)} && process.arch === ${JSON.stringify(process.arch)}) {
  try {
    cachedData = fs.readFileSync(path.join(__dirname, ${JSON.stringify(`${name}.bundle.v8cache`)}));
  } catch {
    cachedData = undefined;
  }
}
const script = new vm.Script(wrap(fs.readFileSync(bundleFile, 'utf8')), {
  filename: bundleFile,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
script.runInThisContext().call(module.exports, module.exports, require, module, bundleFile, __dirname);
`;
}

/** Runs in the child node: loads the bundle as the loader would, then writes V8's cache of it. */
function generate(bundleFile, cacheFile) {
  const vm = require('node:vm');
  const { wrap } = require('node:module');
  const script = new vm.Script(wrap(fs.readFileSync(bundleFile, 'utf8')), {
    filename: bundleFile,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const loaded = { exports: {} };
  script
    .runInThisContext()
    .call(loaded.exports, loaded.exports, require, loaded, bundleFile, path.dirname(bundleFile));
  if (typeof loaded.exports.handler !== 'function')
    throw new Error(`${bundleFile} exports no handler`);
  fs.writeFileSync(cacheFile, script.createCachedData());
}

/**
 * The module scope of a function reads its configuration; these values satisfy it without naming
 * anything real. Nothing connects at module scope, and the key is thrown away with the process.
 */
function placeholderEnvironment() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'mysql://code-cache@127.0.0.1:9/code_cache',
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The esbuild plugin: after each function's bundle is written, splits it into loader, bundle and cache. */
function lambdaCodeCache() {
  return {
    name: 'lambda-code-cache',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const { outdir, entryPoints } = build.initialOptions;
        for (const entry of entryPoints) {
          const name = path.basename(entry, path.extname(entry));
          const handlerFile = path.join(outdir, `${name}.js`);
          const bundleFile = path.join(outdir, `${name}.bundle.js`);
          const cacheFile = path.join(outdir, `${name}.bundle.v8cache`);
          fs.renameSync(handlerFile, bundleFile);
          fs.writeFileSync(handlerFile, loaderSource(name));
          if (process.env[CODE_CACHE_VARIABLE] !== '1') continue;
          execFileSync(
            process.execPath,
            [...LAMBDA_NODE_FLAGS, __filename, bundleFile, cacheFile],
            { env: placeholderEnvironment(), stdio: ['ignore', 'ignore', 'pipe'] },
          );
        }
      });
    },
  };
}

if (require.main === module) {
  const [bundleFile, cacheFile] = process.argv.slice(2);
  generate(bundleFile, cacheFile);
}

module.exports = { lambdaCodeCache, LAMBDA_NODE_FLAGS };
