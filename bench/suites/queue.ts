import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseHandle } from '@/db/client';
import { openPglite } from '@/db/pglite';
import { percentile, runAnnotators, runNoOpRequests, type TLoadResult } from '../queue/annotator-load';
import { openBenchPostgres, recreatePgliteDirectory, recreatePostgresDatabase } from '../queue/bench-database';
import { createBenchProject, type TBenchProject } from '../queue/bench-project';
import { checkBenchInvariants, countViolations, type TBenchInvariants } from '../queue/invariants';
import { diffBackendsCpuMs, readDatabaseBackendsCpuMs, readProcessCpuMs } from '../queue/process-cpu';
import { buildApp, startApp } from '../queue/production-server';
import type { TBenchFigure, TBenchReport } from '../report';

/**
 * `npm run bench -- queue`: the annotators' queue under load, through the production server.
 * PostgreSQL with 1M items and the embedded database with 100k, 50 simulated annotators looping
 * next → submit over HTTP for 60 s each; latencies, throughput; then 30 s at a person's pace (latency
 * when the server is not saturated); then the invariants in SQL.
 *
 *   --backend postgres|pglite|both   (both)
 *   --items N --pglite-items N       (1,000,000 and 100,000)
 *   --annotators N --duration S --warmup S   (50, 60, 5)
 *   --port P --skip-build --retry-share F    (3230, build, 0.02)
 *   BENCH_DATABASE_URL               (postgres://postgres@127.0.0.1:5432/quorum_bench; dropped and recreated)
 */
const TARGET_P99_MS = 50;
const TARGET_LABELS_PER_SECOND = 500;
// Before the load: the framework's cost per request, measured the same way.
const NO_OP_CLIENTS = 10;
const NO_OP_MS = 3000;
// A second, paced phase: the same annotators at a person's pace (a label every ~2 s each), to show the
// latency a labeling team sees when the server is not saturated.
const PACED_THINK_MS = 2000;
const PACED_DURATION_MS = 30_000;

type TCpuPerLabel = { server: number | null; database: number | null; loadGenerator: number; serverPerNoOpRequest: number | null };
type TBackendRun = { backend: 'postgres' | 'pglite'; items: number; load: TLoadResult; paced: TLoadResult; invariants: TBenchInvariants; cpu: TCpuPerLabel };

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
      port: { type: 'string', default: '3230' },
      'retry-share': { type: 'string', default: '0.02' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const backends = values.backend === 'both' ? (['postgres', 'pglite'] as const) : [values.backend as 'postgres' | 'pglite'];
  const options = {
    annotators: Number(values.annotators),
    durationMs: Number(values.duration) * 1000,
    warmupMs: Number(values.warmup) * 1000,
    port: Number(values.port),
    retryShare: Number(values['retry-share']),
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
      durationSeconds: options.durationMs / 1000,
      warmupSeconds: options.warmupMs / 1000,
      overlap: '2 on 10% of items',
      learningWorker: 'off (queue only)',
      retriedSubmissions: options.retryShare,
    },
    backend: runs.map((run) => run.backend).join('+'),
    figures: runs.flatMap(figuresFor),
  };
}

async function runBackend(
  backend: 'postgres' | 'pglite',
  items: number,
  options: { annotators: number; durationMs: number; warmupMs: number; port: number; retryShare: number },
): Promise<TBackendRun> {
  log(`── ${backend}: ${items.toLocaleString('en')} items, ${options.annotators} annotators ──`);
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
  try {
    project = await createBenchProject(handle.db, { itemCount: items, annotatorCount: options.annotators, log });
  } finally {
    // The embedded database admits one process: the server opens it only after we let go.
    await handle.close();
  }

  // The queue alone: training and rescoring have their own benchmark, and with PostgreSQL they run in
  // separate worker processes anyway.
  const server = await startApp({ port: options.port, isWorkerOff: true, ...(backend === 'postgres' ? { databaseUrl } : { dataDir }) });
  let load: TLoadResult;
  let paced: TLoadResult;
  let cpu: TCpuPerLabel;
  try {
    // Warm the server first (route modules load on first use), then measure.
    await runNoOpRequests({ baseUrl: server.baseUrl, tokens: project.tokens.slice(0, NO_OP_CLIENTS), durationMs: NO_OP_MS });
    const floorStart = readProcessCpuMs(server.pid);
    const noOps = await runNoOpRequests({ baseUrl: server.baseUrl, tokens: project.tokens.slice(0, NO_OP_CLIENTS), durationMs: NO_OP_MS });
    const floorEnd = readProcessCpuMs(server.pid);
    const serverPerNoOpRequest = floorStart === null || floorEnd === null || noOps === 0 ? null : (floorEnd - floorStart) / noOps;
    const before = await readCpu(server.pid, backend === 'postgres' ? databaseUrl : null);
    log(`server up at ${server.baseUrl}; annotating for ${options.durationMs / 1000} s (first ${options.warmupMs / 1000} s not measured)…`);
    load = await runAnnotators({
      baseUrl: server.baseUrl,
      projectId: project.projectId,
      labelIds: project.labelIds,
      tokens: project.tokens,
      durationMs: options.durationMs,
      warmupMs: options.warmupMs,
      retryShare: options.retryShare,
    });
    const after = await readCpu(server.pid, backend === 'postgres' ? databaseUrl : null);
    const labels = Math.max(1, load.acknowledged.length);
    cpu = {
      server: before.server === null || after.server === null ? null : (after.server - before.server) / labels,
      database: before.database && after.database ? diffBackendsCpuMs(before.database, after.database) / labels : null,
      loadGenerator: (after.loadGenerator - before.loadGenerator) / labels,
      serverPerNoOpRequest,
    };
    log(`paced: the same annotators, one label every ~${PACED_THINK_MS / 1000} s each, for ${PACED_DURATION_MS / 1000} s…`);
    paced = await runAnnotators({
      baseUrl: server.baseUrl,
      projectId: project.projectId,
      labelIds: project.labelIds,
      tokens: project.tokens,
      durationMs: PACED_DURATION_MS,
      warmupMs: options.warmupMs,
      retryShare: options.retryShare,
      thinkMs: PACED_THINK_MS,
    });
  } finally {
    await server.stop();
  }

  handle = await open();
  try {
    log('checking invariants…');
    const invariants = await checkBenchInvariants(handle.db, project.projectId, project.settings, [...load.acknowledged, ...paced.acknowledged]);
    invariants.acknowledgedMissing += load.retryMismatches + paced.retryMismatches;
    log(`invariants: ${JSON.stringify(invariants)}; errors: ${JSON.stringify({ ...load.errors, ...paced.errors })}; empty queue answers: ${load.emptyQueue + paced.emptyQueue}`);
    return { backend, items, load, paced, invariants, cpu };
  } finally {
    await handle.close();
  }
}

async function readCpu(serverPid: number, databaseUrl: string | null) {
  const usage = process.cpuUsage();
  return {
    server: readProcessCpuMs(serverPid),
    database: databaseUrl ? await readDatabaseBackendsCpuMs(databaseUrl) : null,
    loadGenerator: (usage.user + usage.system) / 1000,
  };
}

function figuresFor(run: TBackendRun): TBenchFigure[] {
  const name = (figure: string) => `${run.backend} ${run.items >= 1_000_000 ? `${run.items / 1_000_000}M` : `${run.items / 1000}k`}: ${figure}`;
  const latency = (figure: string, samples: number[], p: number, hasTarget: boolean): TBenchFigure => ({
    name: name(`${figure} p${p}`),
    value: percentile(samples, p),
    unit: 'ms',
    ...(hasTarget ? { target: { value: TARGET_P99_MS, better: 'lower' as const } } : {}),
  });
  const errorCount = [run.load.errors, run.paced.errors].flatMap((errors) => Object.values(errors)).reduce((sum, n) => sum + n, 0);
  return [
    latency('next task', run.load.nextMs, 50, false),
    latency('next task', run.load.nextMs, 95, false),
    latency('next task', run.load.nextMs, 99, true),
    latency('submit', run.load.submitMs, 50, false),
    latency('submit', run.load.submitMs, 95, false),
    latency('submit', run.load.submitMs, 99, true),
    {
      name: name('labels stored per second'),
      value: run.load.measuredLabels / run.load.measuredSeconds,
      unit: 'labels/s',
      target: { value: TARGET_LABELS_PER_SECOND, better: 'higher' },
      note: `${run.load.measuredLabels} labels in ${run.load.measuredSeconds} s; ${run.load.retries} submissions retried`,
    },
    { ...latency('paced: next task', run.paced.nextMs, 99, false), note: `${PACED_THINK_MS / 1000} s between labels per annotator; no target, shown for scale` },
    { ...latency('paced: submit', run.paced.submitMs, 99, false), note: `${PACED_THINK_MS / 1000} s between labels per annotator; no target, shown for scale` },
    {
      name: name('paced: labels stored per second'),
      value: run.paced.measuredLabels / run.paced.measuredSeconds,
      unit: 'labels/s',
      note: `${run.paced.measuredLabels} labels in ${run.paced.measuredSeconds} s`,
    },
    {
      name: name('invariant violations'),
      value: countViolations(run.invariants),
      unit: 'violations',
      target: { value: 0, better: 'lower' },
      note: JSON.stringify(run.invariants),
    },
    {
      name: name('app server CPU per label'),
      value: run.cpu.server,
      unit: 'ms',
      note: `next + submit (and retries) of one label; includes ${run.backend === 'pglite' ? 'the embedded database' : 'none of the database'}. Independent of other load on the machine, unlike the latencies`,
    },
    {
      name: name('app server CPU per no-op request'),
      value: run.cpu.serverPerNoOpRequest,
      unit: 'ms',
      note: 'an authenticated me.get: HTTP, Next.js, tRPC and the token check without any queue work; a label takes two requests',
    },
    ...(run.backend === 'postgres'
      ? [{ name: name('PostgreSQL CPU per label'), value: run.cpu.database, unit: 'ms', note: 'the app server’s database connections' }]
      : []),
    { name: name('load generator CPU per label'), value: run.cpu.loadGenerator, unit: 'ms', note: 'the 50 simulated annotators, same machine' },
    {
      name: name('failed requests'),
      value: errorCount,
      unit: 'requests',
      note: errorCount > 0 ? JSON.stringify(run.load.errors) : `of ${run.load.nextMs.length + run.load.submitMs.length} measured`,
    },
  ];
}
