// The house rules for imports, checked by `npm run lint` (dependency-cruiser) so that a move that
// breaks a boundary fails CI instead of waiting for a reviewer to notice.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-no-deployable',
      comment:
        "The repo's shared/ holds what the deployables have in common; it never reaches up into one of them.",
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(handlers|origin|edge)/' },
    },
    {
      name: 'handlers-do-not-import-origin',
      comment:
        'The Lambda functions and the container origin are deployed apart; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^handlers/' },
      to: { path: '^origin/' },
    },
    {
      name: 'origin-does-not-import-handlers',
      comment:
        'The container origin and the Lambda functions are deployed apart; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^origin/', pathNot: '^origin/server\\.ts$' },
      to: { path: '^handlers/' },
    },
    {
      name: 'origin-server-loads-only-the-notifications-function',
      comment:
        "One exception, in the origin's composition root: without a queue (npm start, docker compose) the outbox relay hands order events to the notifications function's own handler, loaded on first use.",
      severity: 'error',
      from: { path: '^origin/server\\.ts$' },
      to: { path: '^handlers/', pathNot: '^handlers/notifications\\.ts$' },
    },
    {
      name: 'only-the-data-layer-imports-sequelize',
      comment:
        'Sequelize stays behind the data layer (shared/db and the repositories): use cases and routes get plain records.',
      severity: 'error',
      from: {
        path: '^(handlers|origin|shared|edge)/',
        pathNot: ['^shared/db/', '(^|/)repositories/', '-repository\\.ts$'],
      },
      to: { path: '^node_modules/sequelize/' },
    },
    {
      name: 'databases-open-through-open-database',
      comment:
        'Every entry point opens its database with openDatabase(config, { profile }), so TLS, time-outs, the statement deadline and secret credentials are translated from the configuration in one place.',
      severity: 'error',
      from: { path: '^(handlers|origin|edge|shared|bench|scripts)/', pathNot: '^shared/db/' },
      to: { path: '^shared/db/create-database\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-catalog-reads-have-the-statement-ceiling',
      comment:
        "The server-side cost ceiling (CATALOG_STATEMENT_LIMIT_MS) is for the catalog function's anonymous reads: the origin's writes and transactions and the CLIs' migrations must never be stopped half-way by it.",
      severity: 'error',
      from: {
        path: '^(handlers|origin|edge|shared|bench|scripts)/',
        pathNot: '^handlers/catalog/repositories/',
      },
      to: { path: '^shared/db/statement-ceiling\\.ts$' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes load order matter (a model defined twice, an import that is undefined at start). Type-only imports vanish when compiled and cannot cause one.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.serverless|\\.esbuild|coverage|web/vendor)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
