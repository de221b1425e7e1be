// Import rules eslint cannot see (dependency-cruiser 17: 18 needs Node 22, the project runs on Node 20): cycles counted with type-only imports (they still tie two modules'
// designs together), and the layers of README "Architecture" — bot/jobs/cli → core → db, core free of
// grammY and of the front ends. Run by `npm run lint`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-transport-free',
      severity: 'error',
      comment: 'core/ knows no front end, no job runner and no messenger library.',
      from: { path: '^core/' },
      to: { path: ['^bot/', '^max/', '^jobs/', '^cli/', '^web/', '^app\\.ts$', 'node_modules/(grammy|@grammyjs)/'] },
    },
    {
      name: 'db-is-the-bottom',
      severity: 'error',
      comment: 'db/ imports no layer above it.',
      from: { path: '^db/' },
      to: { path: ['^core/', '^bot/', '^jobs/', '^cli/', '^web/'] },
    },
    {
      name: 'bot-runs-no-sql',
      severity: 'error',
      comment:
        'The bot reaches the journal only through the services facade; it is handed the session and dedupe stores (db/stores) by the composition root.',
      from: { path: '^bot/' },
      to: { path: ['node_modules/typeorm/', '^db/'], pathNot: '^db/stores/' },
    },
    {
      name: 'web-server-through-services',
      severity: 'error',
      comment: 'The Mini App server, like the bot, reaches the journal only through the services facade.',
      from: { path: '^web/server/' },
      to: { path: ['node_modules/typeorm/', '^db/', '^bot/', '^jobs/', '^cli/', 'node_modules/(grammy|@grammyjs)/'] },
    },
    {
      name: 'web-page-runs-in-the-browser',
      severity: 'error',
      comment:
        "The page (web/app) bundles only browser code: Fluent from core/fluent.ts, MAX's start parameter codec from core/webapp-start.ts, and the API's shapes from web/server as types.",
      from: { path: '^web/app/' },
      to: {
        path: [
          '^db/',
          '^bot/',
          '^jobs/',
          '^cli/',
          '^core/(?!(fluent|webapp-start)\\.ts$)',
          'node_modules/(typeorm|pg|ioredis|hono|@hono)/',
        ],
      },
    },
    {
      name: 'web-page-takes-only-types-from-the-server',
      severity: 'error',
      from: { path: '^web/app/' },
      to: { path: '^web/server/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist/', '^dist-check/'] },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
