// Which folder may not import which: the arrows ARCHITECTURE.md forbids, checked by
// `import/no-restricted-paths` (it resolves `@/` and relative paths alike). Shared with the
// test that proves each arrow fails lint (scripts/lint-layers.test.ts).

const ADAPTERS = ['./server/routers', './server/trpc', './server/http', './server/cli', './server/worker', './server/demo', './server/app-services.ts'];

export const LAYER_ZONES = [
  {
    target: './ml',
    from: ['./server', './db', './app', './bench', './scripts', './e2e'],
    message: 'ml/ imports only ml/ and TensorFlow.js.',
  },
  {
    target: './db',
    from: ['./server', './app', './ml', './bench', './e2e'],
    message: 'db/ imports no server code: pass configuration in.',
  },
  {
    target: './server/services',
    from: [...ADAPTERS, './app'],
    message: 'Services never import the transport (routers, tRPC, HTTP, CLI, worker) or the app: put the shared definition in the domain.',
  },
  {
    target: './server/auth',
    from: ['./server/services', ...ADAPTERS, './app'],
    message: 'server/auth sits below the services: it imports no service and no transport.',
  },
  {
    target: ['./server/import', './server/export'],
    from: ['./server/services', './server/auth', ...ADAPTERS, './app', './db'],
    message: 'File formats are pure: they know no database, service or transport.',
  },
  {
    target: ['./server/routers', './server/trpc'],
    from: ['./server/http', './server/cli', './server/worker', './server/demo', './app'],
    message: 'The tRPC layer does not import another door or the app.',
  },
  {
    target: './server/worker',
    from: ['./server/routers', './server/trpc', './server/http', './server/cli', './app'],
    message: 'The worker runs services; it does not import a door or the app.',
  },
  {
    target: './server',
    from: './app',
    message: 'Server code never imports the app.',
  },
  {
    // Route handlers (app/**/route.ts) are HTTP adapters like server/http: eslint.config.mjs lifts this zone for them.
    target: './app',
    from: ['./db', './server/app-services.ts', './server/services'],
    message: 'Pages and components never open the database or call services: go through the tRPC caller, and take types from the router (app/_lib/router-types.ts).',
  },
];

/** Route handlers answer HTTP like server/http does: they may open the database and call services. */
export const ROUTE_HANDLER_ZONES = LAYER_ZONES.filter((zone) => zone.target !== './app');

/** Tests of the learning services drive real jobs through the worker loop and compute service. */
export const TEST_LAYER_ZONES = LAYER_ZONES.map((zone) =>
  zone.target === './server/services' ? { ...zone, from: zone.from.filter((from) => from !== './server/worker') } : zone,
);

export const ML_FORBIDDEN_PACKAGES = ['drizzle-orm', 'pg', '@electric-sql/pglite', 'next', 'react', 'zod', '@trpc/server'];
