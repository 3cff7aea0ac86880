import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseHandle } from '@/db/client';
import { openPglite } from '@/db/pglite';
import type { TActor } from '@/server/auth/actor';
import { exchangeLabelBatch } from '@/server/services/queue/label-batch';
import { percentile, runAnnotators, runNoOpRequests, type TLoadResult } from '../queue/annotator-load';
import { openBenchPostgres, recreatePgliteDirectory, recreatePostgresDatabase } from '../queue/bench-database';
import { createBenchProject, type TBenchProject } from '../queue/bench-project';
import { createBrowserAnnotator } from '../queue/browser-annotator';
import { measureBrowserGap } from '../queue/browser-gap';
import { checkBenchInvariants, countViolations, type TBenchInvariants } from '../queue/invariants';
import { diffBackendsCpuMs, readDatabaseBackendsCpuMs, readProcessCpuMs } from '../queue/process-cpu';
import { buildApp, startApp, type TRunningServer } from '../queue/production-server';
import { capturePlans, readStatementStats, resetStatementStats, type TStatementCost } from '../queue/statement-costs';
import type { TBenchFigure, TBenchReport } from '../report';

/**
 * `npm run bench -- queue`: the annotators' queue under load, through the production server, on the
 * batched labeling path the labeling screen uses (each simulated annotator runs the screen's own
 * LabelingSession against POST /labeling:exchange).
 *
 * PostgreSQL with 1M items and the embedded database with 100k, 50 annotators, phases of 60 s:
 *   capacity   annotators answer the moment a task is there: the most labels/s the server stores,
 *              and the CPU per label of the app server and of PostgreSQL (where it goes: pg_stat_statements);
 *   fast       a label every 100 ms per annotator (±50%), 500 labels/s offered: the latencies an
 *              annotator and the server see when the load is high but not past capacity;
 *   browser    the fast load again (40 s) with one more annotator in Chromium on the labeling page:
 *              the gap between a keypress and the next task on screen;
 *   paced      a label every ~2 s each (30 s): a labeling team's usual pace;
 *   2 servers  (PostgreSQL) the capacity phase again with two app server processes, annotators split
 *              between them as a proxy would;
 * then the plans of the hot statements at this size (EXPLAIN ANALYZE, BUFFERS) and the invariants.
 *
 *   --backend postgres|pglite|both   (both)
 *   --items N --pglite-items N       (1,000,000 and 100,000)
 *   --annotators N --duration S --warmup S --batch-size N   (50, 60, 5, the project default 8)
 *   --port P --skip-build --retry-share F    (3230, build, 0.02)
 *   --phases capacity,fast,browser,paced,two-servers (all; fewer when profiling)
 *   BENCH_DATABASE_URL               (postgres://postgres@127.0.0.1:5432/quorum_bench; dropped and recreated)
 */
const TARGET_WAIT_P99_MS = 50;
const TARGET_REQUEST_P99_MS = 100;
const TARGET_LABELS_PER_SECOND = 500;
const TARGET_DATABASE_CPU_MS = 1.5;
const TARGET_APP_CPU_MS = 2;
const TARGET_TWO_SERVER_RATIO = 1.6;
const TARGET_PGLITE_LABELS_PER_SECOND = 150;
const FAST_THINK_MS = 100;
const PACED_THINK_MS = 2000;
// One more annotator, in Chromium on the real labeling page, under the fast phase's load.
const BROWSER_LABELS = 60;
const BROWSER_THINK_MS = 300;
const PACED_DURATION_MS = 30_000;
const BROWSER_PHASE_MS = 40_000;
// Before the load: the framework's cost per request, measured the same way.
const NO_OP_CLIENTS = 10;
const NO_OP_MS = 3000;
const APP_BOUND_CLIENTS = 20;
const APP_BOUND_MS = 10_000;

type TBackend = 'postgres' | 'pglite';
/** me.get requests per second, to one server of the pair and split across both. */
type TAppBound = { oneServer: number; twoServers: number; cpuPerRequestOne: number; cpuPerRequestTwo: number };
type TCpu = { servers: number | null; database: number | null; loadGenerator: number };
type TPhase = { name: string; servers: number; thinkMs: number; load: TLoadResult; cpuPerLabel: TCpu; browserGapsMs?: number[] };
type TBackendRun = {
  backend: TBackend;
  items: number;
  phases: TPhase[];
  invariants: TBenchInvariants;
  serverPerNoOpRequest: number | null;
  appBound: TAppBound | null;
  statements: TStatementCost[] | null;
  plans: string[];
};
type TOptions = { annotators: number; durationMs: number; warmupMs: number; port: number; retryShare: number; batchSize: number; phases: Set<string> };

function log(line: string) {
  console.info(`[bench:queue] ${line}`);
}

export async function runBench(args: string[]): Promise<TBenchReport> {
  const { values } = parseArgs({
    args,
    options: {
      backend: { type: 'string', default: 'both' },
      items: { type: 'string', default: '1000000' },
      'pglite-items': { type: 'string', default: '100000' },
      annotators: { type: 'string', default: '50' },
      duration: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '5' },
      'batch-size': { type: 'string', default: '8' },
      port: { type: 'string', default: '3230' },
      'retry-share': { type: 'string', default: '0.02' },
      'skip-build': { type: 'boolean', default: false },
      phases: { type: 'string', default: 'capacity,fast,browser,paced,two-servers' },
    },
  });
  const backends = values.backend === 'both' ? (['postgres', 'pglite'] as const) : [values.backend as TBackend];
  const options: TOptions = {
    annotators: Number(values.annotators),
    durationMs: Number(values.duration) * 1000,
    warmupMs: Number(values.warmup) * 1000,
    port: Number(values.port),
    retryShare: Number(values['retry-share']),
    batchSize: Number(values['batch-size']),
    phases: new Set(values.phases.split(',')),
  };
  if (!values['skip-build']) {
    log('building the app (next build)…');
    buildApp();
  }
  const runs: TBackendRun[] = [];
  for (const backend of backends) {
    const items = Number(backend === 'postgres' ? values.items : values['pglite-items']);
    runs.push(await runBackend(backend, items, options));
  }
  return {
    suite: 'queue',
    sizes: {
      ...Object.fromEntries(runs.map((run) => [`${run.backend}Items`, run.items])),
      annotators: options.annotators,
      batchSize: options.batchSize,
      phaseSeconds: options.durationMs / 1000,
      warmupSeconds: options.warmupMs / 1000,
      overlap: '2 on 10% of items',
      learningWorker: 'off (queue only)',
      retriedExchanges: options.retryShare,
      cores: `${os.cpus().length}, shared by the load generator, the app server(s) and PostgreSQL`,
    },
    backend: runs.map((run) => run.backend).join('+'),
    figures: runs.flatMap(figuresFor),
    details: Object.fromEntries(runs.map((run) => [run.backend, { statements: run.statements, plans: run.plans }])),
  };
}

async function runBackend(backend: TBackend, items: number, options: TOptions): Promise<TBackendRun> {
  log(`── ${backend}: ${items.toLocaleString('en')} items, ${options.annotators} annotators, batches of ${options.batchSize} ──`);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quorum_bench';
  const dataDir = path.join(os.tmpdir(), 'quorum-bench-queue');
  const open = async (): Promise<DatabaseHandle> => (backend === 'postgres' ? openBenchPostgres(databaseUrl) : openPglite(dataDir));

  let handle: DatabaseHandle;
  if (backend === 'postgres') {
    await recreatePostgresDatabase(databaseUrl);
    handle = await open();
  } else {
    handle = await recreatePgliteDirectory(dataDir);
  }
  let project: TBenchProject;
  let browserAnnotator: { email: string; password: string };
  try {
    project = await createBenchProject(handle.db, { itemCount: items, annotatorCount: options.annotators, log });
    browserAnnotator = await createBrowserAnnotator(handle.db, project.projectId);
  } finally {
    // The embedded database admits one process: the server opens it only after we let go.
    await handle.close();
  }

  const isPostgres = backend === 'postgres';
  const phases: TPhase[] = [];
  const acknowledged: string[] = [];
  let retryMismatches = 0;
  let serverPerNoOpRequest: number | null = null;
  let statements: TStatementCost[] | null = null;
  let appBound: TAppBound | null = null;
  const runPhase = async (name: string, servers: TRunningServer[], thinkMs: number, durationMs = options.durationMs, withBrowser = false) => {
    log(`${name}: ${servers.length} server(s), ${thinkMs === 0 ? 'no think time' : `~${thinkMs} ms per label`}, ${durationMs / 1000} s (first ${options.warmupMs / 1000} s not measured)${withBrowser ? ', and one annotator in Chromium' : ''}…`);
    const before = await readCpu(servers, isPostgres ? databaseUrl : null);
    // The person in the browser starts after the warm-up and labels at a brisk reading pace while the load runs.
    const browser = withBrowser
      ? new Promise((resolve) => setTimeout(resolve, options.warmupMs)).then(() =>
          measureBrowserGap({ baseUrl: servers[0]?.baseUrl as string, projectSlug: project.slug, ...browserAnnotator, labels: BROWSER_LABELS, thinkMs: BROWSER_THINK_MS }).catch((error: unknown) => {
            // A saturated server can keep the browser from even signing in: the figure says so instead of the run failing.
            log(`${name}: the browser annotator failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
            return { gapsMs: [] as number[] };
          }),
        )
      : null;
    const load = await runAnnotators({
      baseUrls: servers.map((server) => server.baseUrl),
      slug: project.slug,
      labelIds: project.labelIds,
      tokens: project.tokens,
      batchSize: options.batchSize,
      durationMs,
      warmupMs: options.warmupMs,
      retryShare: options.retryShare,
      thinkMs,
    });
    const after = await readCpu(servers, isPostgres ? databaseUrl : null);
    const browserGapsMs = browser ? (await browser).gapsMs : undefined;
    const labels = Math.max(1, load.acknowledged.length);
    acknowledged.push(...load.acknowledged);
    retryMismatches += load.retryMismatches;
    const cpuPerLabel: TCpu = {
      servers: before.servers === null || after.servers === null ? null : (after.servers - before.servers) / labels,
      database: before.database && after.database ? diffBackendsCpuMs(before.database, after.database) / labels : null,
      loadGenerator: (after.loadGenerator - before.loadGenerator) / labels,
    };
    log(`${name}: ${(load.measuredLabels / load.measuredSeconds).toFixed(0)} labels/s, wait p99 ${percentile(load.waitMs, 99)?.toFixed(1)} ms, request p99 ${percentile(load.requestMs, 99)?.toFixed(1)} ms, errors ${JSON.stringify(load.errors)}`);
    if (browserGapsMs) log(`${name}: keypress to next task in Chromium p50 ${percentile(browserGapsMs, 50)?.toFixed(1)} ms, p99 ${percentile(browserGapsMs, 99)?.toFixed(1)} ms`);
    phases.push({ name, servers: servers.length, thinkMs, load, cpuPerLabel, browserGapsMs });
  };

  const startServer = (port: number) => startApp({ port, isWorkerOff: true, ...(isPostgres ? { databaseUrl } : { dataDir }) });
  // The queue alone: training and rescoring have their own benchmark, and with PostgreSQL they run in
  // separate worker processes anyway.
  const one = await startServer(options.port);
  try {
    // Warm the server first (route modules load on first use), then measure.
    await runNoOpRequests({ baseUrls: [one.baseUrl], tokens: project.tokens.slice(0, NO_OP_CLIENTS), durationMs: NO_OP_MS });
    const floorStart = readProcessCpuMs(one.pid);
    const noOps = await runNoOpRequests({ baseUrls: [one.baseUrl], tokens: project.tokens.slice(0, NO_OP_CLIENTS), durationMs: NO_OP_MS });
    const floorEnd = readProcessCpuMs(one.pid);
    serverPerNoOpRequest = floorStart === null || floorEnd === null || noOps === 0 ? null : (floorEnd - floorStart) / noOps;
    await runPhase('warm-up', [one], 0, 10_000);
    phases.pop();
    if (options.phases.has('capacity')) {
      const hasStatements = isPostgres && (await resetStatementStats(databaseUrl));
      await runPhase('capacity', [one], 0);
      if (hasStatements) statements = await readStatementStats(databaseUrl);
    }
    // The latency targets are read in the fast phase; the browser, a second Chromium renderer on the same
    // two cores, runs in a phase of its own under the same load (an annotator's browser is not on the server).
    if (options.phases.has('fast')) await runPhase('fast', [one], FAST_THINK_MS);
    if (options.phases.has('browser')) await runPhase('fast, and one annotator in Chromium', [one], FAST_THINK_MS, BROWSER_PHASE_MS, true);
    if (options.phases.has('paced')) await runPhase('paced', [one], PACED_THINK_MS, PACED_DURATION_MS);
  } finally {
    await one.stop();
  }
  if (isPostgres && options.phases.has('two-servers')) {
    const pair = [await startServer(options.port), await startServer(options.port + 1)];
    try {
      for (const server of pair) await runNoOpRequests({ baseUrls: [server.baseUrl], tokens: project.tokens.slice(0, NO_OP_CLIENTS), durationMs: NO_OP_MS });
      await runPhase('2 servers: capacity', pair, 0);
      // The app tier alone: requests that cost the database one index probe, to one server of the pair
      // and then to both, same clients.
      const clients = project.tokens.slice(0, APP_BOUND_CLIENTS);
      const serversCpuMs = () => pair.reduce((sum, server) => sum + (readProcessCpuMs(server.pid) ?? Number.NaN), 0);
      const oneStart = serversCpuMs();
      const oneServer = await runNoOpRequests({ baseUrls: [pair[0]?.baseUrl as string], tokens: clients, durationMs: APP_BOUND_MS });
      const bothStart = serversCpuMs();
      const bothServers = await runNoOpRequests({ baseUrls: pair.map((server) => server.baseUrl), tokens: clients, durationMs: APP_BOUND_MS });
      const bothEnd = serversCpuMs();
      appBound = {
        oneServer: oneServer / (APP_BOUND_MS / 1000),
        twoServers: bothServers / (APP_BOUND_MS / 1000),
        cpuPerRequestOne: (bothStart - oneStart) / Math.max(1, oneServer),
        cpuPerRequestTwo: (bothEnd - bothStart) / Math.max(1, bothServers),
      };
      log(`app-bound requests: ${appBound.oneServer.toFixed(0)}/s to one server, ${appBound.twoServers.toFixed(0)}/s to two`);
    } finally {
      await Promise.all(pair.map((server) => server.stop()));
    }
  }

  const plans = isPostgres ? await captureHotPlans(databaseUrl, project) : [];
  handle = await open();
  try {
    log('checking invariants…');
    const invariants = await checkBenchInvariants(handle.db, project.projectId, project.settings, acknowledged);
    invariants.acknowledgedMissing += retryMismatches;
    log(`invariants: ${JSON.stringify(invariants)}`);
    return { backend, items, phases, invariants, serverPerNoOpRequest, appBound, statements, plans };
  } finally {
    await handle.close();
  }
}

/** One annotator's two exchanges (a fresh batch; then its answers and the next batch), every statement's plan. */
async function captureHotPlans(databaseUrl: string, project: TBenchProject): Promise<string[]> {
  const annotatorId = project.annotatorIds[0] as string;
  const actor: TActor = { userId: annotatorId, name: 'Bench Annotator 1', email: `${annotatorId}@bench.quorum`, globalRole: 'user', via: 'session' };
  const plans = await capturePlans(databaseUrl, async (db) => {
    const first = await exchangeLabelBatch(db, actor, { projectId: project.projectId, answers: [], holdItemIds: [], want: 5 });
    const answers = first.tasks.slice(0, 3).map((task, index) => ({ clientId: crypto.randomUUID(), itemId: task.itemId, labelId: project.labelIds[index % project.labelIds.length] as number, leadTimeMs: 1500 }));
    await exchangeLabelBatch(db, actor, { projectId: project.projectId, answers, holdItemIds: first.tasks.slice(3).map((task) => task.itemId), want: 3 });
  });
  log(`plans of the hot statements at this size (auto_explain: EXPLAIN ANALYZE, BUFFERS):`);
  for (const plan of plans) console.info(`\n${plan}`);
  return plans;
}

async function readCpu(servers: TRunningServer[], databaseUrl: string | null) {
  const usage = process.cpuUsage();
  const serverCpu = servers.map((server) => readProcessCpuMs(server.pid));
  return {
    servers: serverCpu.some((cpu) => cpu === null) ? null : serverCpu.reduce<number>((sum, cpu) => sum + (cpu ?? 0), 0),
    database: databaseUrl ? await readDatabaseBackendsCpuMs(databaseUrl) : null,
    loadGenerator: (usage.user + usage.system) / 1000,
  };
}

function figuresFor(run: TBackendRun): TBenchFigure[] {
  const size = run.items >= 1_000_000 ? `${run.items / 1_000_000}M` : `${run.items / 1000}k`;
  const name = (phase: string, figure: string) => `${run.backend} ${size}: ${phase}: ${figure}`;
  const rate = (phase: TPhase) => phase.load.measuredLabels / phase.load.measuredSeconds;
  const figures: TBenchFigure[] = [];
  for (const phase of run.phases) {
    const isCapacity = phase.name === 'capacity';
    // The latency targets are PostgreSQL's at 1M items; the embedded database stores ~250 labels/s, so
    // 500 offered is past its capacity and its latencies are those of a queue that grows.
    const isFast = phase.name === 'fast' && run.backend === 'postgres';
    const throughputTarget = run.backend === 'postgres' ? TARGET_LABELS_PER_SECOND : TARGET_PGLITE_LABELS_PER_SECOND;
    const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
    figures.push(
      {
        name: name(phase.name, 'labels stored per second'),
        value: rate(phase),
        unit: 'labels/s',
        ...(isCapacity ? { target: { value: throughputTarget, better: 'higher' as const } } : {}),
        note: `${phase.load.measuredLabels} labels in ${phase.load.measuredSeconds} s; ${phase.load.retries} exchanges sent twice; ${phase.load.emptyQueue} empty-queue waits`,
      },
      { name: name(phase.name, 'wait for the next task p50'), value: percentile(phase.load.waitMs, 50), unit: 'ms' },
      {
        name: name(phase.name, 'wait for the next task p99'),
        value: percentile(phase.load.waitMs, 99),
        unit: 'ms',
        ...(isFast ? { target: { value: TARGET_WAIT_P99_MS, better: 'lower' as const } } : {}),
        note: 'in the client, from an answer to the next task on screen, prefetch included',
      },
      { name: name(phase.name, 'request p50'), value: percentile(phase.load.requestMs, 50), unit: 'ms' },
      {
        name: name(phase.name, 'request p99'),
        value: percentile(phase.load.requestMs, 99),
        unit: 'ms',
        ...(isFast ? { target: { value: TARGET_REQUEST_P99_MS, better: 'lower' as const } } : {}),
        note: `one exchange; mean ${mean(phase.load.answersPerExchange)?.toFixed(1) ?? '—'} answers per exchange`,
      },
      {
        name: name(phase.name, 'failed requests'),
        value: Object.values(phase.load.errors).reduce((sum, n) => sum + n, 0),
        unit: 'requests',
        note: Object.keys(phase.load.errors).length > 0 ? JSON.stringify(phase.load.errors) : `of ${phase.load.requestMs.length} measured`,
      },
    );
    if (phase.browserGapsMs) {
      figures.push(
        { name: name(phase.name, 'Chromium: keypress to next task p50'), value: percentile(phase.browserGapsMs, 50), unit: 'ms' },
        {
          name: name(phase.name, 'Chromium: keypress to next task p99'),
          value: percentile(phase.browserGapsMs, 99),
          unit: 'ms',
          note: `${phase.browserGapsMs.length} labels by one more annotator in Chromium (${BROWSER_THINK_MS} ms reading each) while the load runs: from the keydown to the first frame showing the next item`,
        },
      );
    }
    if (isCapacity) {
      figures.push({
        name: name(phase.name, 'app server CPU per label'),
        value: phase.cpuPerLabel.servers,
        unit: 'ms',
        ...(run.backend === 'postgres' ? { target: { value: TARGET_APP_CPU_MS, better: 'lower' as const } } : {}),
        note: `every request of the phase over the labels stored; includes ${run.backend === 'pglite' ? 'the embedded database' : 'none of the database'}. Independent of other load on the machine, unlike the latencies`,
      });
      if (run.backend === 'postgres') {
        figures.push({
          name: name(phase.name, 'PostgreSQL CPU per label'),
          value: phase.cpuPerLabel.database,
          unit: 'ms',
          target: { value: TARGET_DATABASE_CPU_MS, better: 'lower' },
          note: 'the app server’s database connections (process CPU of their backends)',
        });
      }
      figures.push({ name: name(phase.name, 'load generator CPU per label'), value: phase.cpuPerLabel.loadGenerator, unit: 'ms', note: `${phase.load.requestMs.length} exchanges; the simulated annotators, same machine` });
    }
  }
  const capacity = run.phases.find((phase) => phase.name === 'capacity');
  const twoServers = run.phases.find((phase) => phase.name === '2 servers: capacity');
  if (capacity && twoServers) {
    figures.push({
      name: `${run.backend} ${size}: two app servers over one`,
      value: rate(twoServers) / Math.max(1e-9, rate(capacity)),
      unit: '×',
      target: { value: TARGET_TWO_SERVER_RATIO, better: 'higher' },
      note: `${rate(twoServers).toFixed(0)} vs ${rate(capacity).toFixed(0)} labels/s, same run; ${os.cpus().length} cores shared by both servers, PostgreSQL and the load generator: the machine's cores, not one server, are the bottleneck here`,
    });
  }
  if (run.appBound) {
    figures.push({
      name: `${run.backend} ${size}: two app servers over one, app-bound requests`,
      value: run.appBound.twoServers / Math.max(1e-9, run.appBound.oneServer),
      unit: '×',
      target: { value: TARGET_TWO_SERVER_RATIO, better: 'higher' },
      note: `authenticated me.get (one token probe in PostgreSQL): ${run.appBound.twoServers.toFixed(0)} vs ${run.appBound.oneServer.toFixed(0)} requests/s from ${APP_BOUND_CLIENTS} clients, to both servers vs to one of the same pair; app CPU per request ${run.appBound.cpuPerRequestTwo.toFixed(2)} vs ${run.appBound.cpuPerRequestOne.toFixed(2)} ms (the second process adds no work per request: the ${os.cpus().length} cores, shared with PostgreSQL and the clients, are the limit)`,
    });
  }
  figures.push(
    {
      name: `${run.backend} ${size}: invariant violations`,
      value: countViolations(run.invariants),
      unit: 'violations',
      target: { value: 0, better: 'lower' },
      note: JSON.stringify(run.invariants),
    },
    {
      name: `${run.backend} ${size}: app server CPU per no-op request`,
      value: run.serverPerNoOpRequest,
      unit: 'ms',
      note: 'an authenticated tRPC me.get: HTTP, Next.js, tRPC and the token check without any queue work',
    },
  );
  if (run.statements) {
    const labels = capacity?.load.acknowledged.length ?? 1;
    for (const statement of run.statements.slice(0, 8)) {
      figures.push({
        name: `${run.backend} ${size}: capacity: statement time per label: ${statement.query.slice(0, 90)}`,
        value: statement.totalMs / Math.max(1, labels),
        unit: 'ms',
        note: `${(statement.calls / Math.max(1, labels)).toFixed(2)} calls per label, mean ${statement.meanMs.toFixed(3)} ms, ${statement.sharedHit + statement.sharedRead} buffers (${statement.sharedRead} read)`,
      });
    }
  }
  return figures;
}
