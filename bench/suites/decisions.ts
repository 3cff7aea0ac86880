import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisionLog, decisions, items, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createApiToken } from '@/server/services/accounts/api-tokens';
import { verifyDecisionLog } from '@/server/services/decisions/append-decision-log';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { getCurrentModelVersion } from '@/server/services/learning/model-versions';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createProject } from '@/server/services/projects/projects';
import { approveCertificate } from '@/server/services/oversight/approve-certificate';
import { certifyModelVersion } from '@/server/services/oversight/certify-model-version';
import { setDecisionPolicy } from '@/server/testing/decision-fixtures';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import { createDecisionClient, runSingleCaseLoad, type TClosedLoopResult } from '../decisions/decision-load';
import { measureWebhookLatency } from '../decisions/webhook-latency';
import { loadFortuneTopics, loadSpamSources, type TTextDataset } from '../ml/text-datasets';
import { percentile } from '../queue/annotator-load';
import { openBenchPostgres, recreatePostgresDatabase } from '../queue/bench-database';
import { diffBackendsCpuMs, readDatabaseBackendsCpuMs, readProcessCpuMs } from '../queue/process-cpu';
import { buildApp, startApp } from '../queue/production-server';
import type { TBenchFigure, TBenchReport } from '../report';

/**
 * `npm run bench -- decisions`: the decision API through the production server on PostgreSQL. A
 * project trained on a real corpus (Debian fortunes by topic, else SpamAssassin by source) answers:
 * 20 clients sending one case after another to the automatic path; the batch endpoint, 1,000 cases a
 * request; the human path (enqueue only); and retries (each request sent three times at once with one
 * Idempotency-Key), after which the database must hold exactly one decision and one 'received' log
 * entry per key. Then webhooks: 200 cases answered by a person one after another, each signed webhook
 * timed from the answer's commit to its arrival at a receiver on this machine. The decision log's
 * chain is verified at the end.
 *
 *   --clients N --duration S --warmup S     (20, 20, 3)
 *   --batches N                             (20 requests of 1,000 cases)
 *   --retry-keys N                          (600 keys, each sent 3 times at once)
 *   --labels N                              (2,000 labeled texts to train on)
 *   --port P --skip-build                   (3310, build)
 *   BENCH_DATABASE_URL                      (postgres://postgres@127.0.0.1:5432/quorum_bench_decisions; dropped and recreated)
 */
const TARGET_AUTO_PER_SECOND = 500;
const TARGET_WEBHOOK_P99_MS = 2_000;
const WEBHOOK_CASES = 200;
const TARGET_P99_MS = 50;
const TARGET_BATCH_PER_SECOND = 10_000;
const BATCH_SIZE = 1_000;
const RETRY_COPIES = 3;

function log(line: string) {
  console.info(`[bench:decisions] ${line}`);
}

type TBenchSetup = { projectId: number; slug: string; token: string; owner: TActor; dataset: TTextDataset; heldOut: string[]; modelVersion: number };

export async function runBench(args: string[]): Promise<TBenchReport> {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: 'string', default: '20' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      batches: { type: 'string', default: '20' },
      'retry-keys': { type: 'string', default: '600' },
      labels: { type: 'string', default: '2000' },
      port: { type: 'string', default: '3310' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const clients = Number(values.clients);
  const durationMs = Number(values.duration) * 1000;
  const warmupMs = Number(values.warmup) * 1000;
  // The webhook phase sends to a receiver on this machine; the delivery loop reads this once.
  process.env.QUORUM_WEBHOOK_ALLOW_PRIVATE = '1';
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quorum_bench_decisions';

  await recreatePostgresDatabase(databaseUrl);
  const handle = await openBenchPostgres(databaseUrl);
  const db = handle.db;
  try {
    const setup = await createTrainedProject(db, Number(values.labels));
    if (!values['skip-build']) {
      log('building the app (next build)…');
      buildApp();
    }
    const server = await startApp({ port: Number(values.port), databaseUrl, isWorkerOff: true });
    try {
      const call = createDecisionClient(server.baseUrl, setup.token, clients * RETRY_COPIES);
      const path = `/api/v1/projects/${setup.slug}/decisions`;
      let cursor = 0;
      const nextText = () => setup.heldOut[cursor++ % setup.heldOut.length]!;

      // Route modules load and the model is read on first use: warm them before measuring.
      await setDecisionPolicy(db, setup.projectId, { mode: 'human_on_the_loop', auditShare: 0.02 });
      for (let i = 0; i < 50; i++) await call('POST', path, { text: nextText() });

      const measureCpu = async () => ({ server: readProcessCpuMs(server.pid), database: await readDatabaseBackendsCpuMs(databaseUrl) });
      const cpuPerDecision = (before: TCpuSample, after: TCpuSample, count: number): TCpuPerDecision => ({
        server: before.server === null || after.server === null ? null : (after.server - before.server) / count,
        database: before.database && after.database ? diffBackendsCpuMs(before.database, after.database) / count : null,
      });

      log(`automatic path: ${clients} clients for ${durationMs / 1000} s…`);
      let before = await measureCpu();
      const auto = await runSingleCaseLoad({ call, path, clients, durationMs, warmupMs, nextText });
      // Every request of the run counts for CPU, warm-up included: CPU is read for the whole run.
      const autoCpu = cpuPerDecision(before, await measureCpu(), auto.sent);

      log(`batch endpoint: ${values.batches} requests of ${BATCH_SIZE} cases…`);
      before = await measureCpu();
      const batch = await runBatches(call, `${path.replace(/\/decisions$/, '/decisions:batch')}`, Number(values.batches), nextText);
      const batchCpu = cpuPerDecision(before, await measureCpu(), Math.max(1, batch.cases));

      await setDecisionPolicy(db, setup.projectId, { mode: 'human_only' });
      log(`human path (enqueue): ${clients} clients for ${durationMs / 1000} s…`);
      before = await measureCpu();
      const human = await runSingleCaseLoad({ call, path, clients, durationMs, warmupMs, nextText });
      const humanCpu = cpuPerDecision(before, await measureCpu(), human.sent);

      await setDecisionPolicy(db, setup.projectId, { mode: 'human_on_the_loop' });
      log(`retries: ${values['retry-keys']} keys, each sent ${RETRY_COPIES} times at once…`);
      const retries = await runRetries(db, call, path, setup.projectId, Number(values['retry-keys']), clients, nextText);

      await setDecisionPolicy(db, setup.projectId, { mode: 'human_only' });
      log(`webhooks: ${WEBHOOK_CASES} cases answered one after another, each webhook timed to its receiver…`);
      const webhooks = await measureWebhookLatency(db, { projectId: setup.projectId, owner: setup.owner, texts: Array.from({ length: WEBHOOK_CASES }, nextText) });

      const chain = await verifyDecisionLog(db, setup.projectId);
      log(`decision log: ${chain.entries} entries, ${chain.break ? `BROKEN at ${chain.break.seq}` : 'intact'}`);
      return {
        suite: 'decisions',
        sizes: {
          corpus: setup.dataset.name,
          trainingLabels: Number(values.labels),
          classes: setup.dataset.classNames.length,
          modelVersion: setup.modelVersion,
          clients,
          durationSeconds: durationMs / 1000,
          warmupSeconds: warmupMs / 1000,
          batchRequests: Number(values.batches),
          batchSize: BATCH_SIZE,
          retryKeys: Number(values['retry-keys']),
          retryCopies: RETRY_COPIES,
          transport: 'HTTP to next start (production build), keep-alive, same machine',
        },
        backend: 'postgres',
        figures: [
          ...loadFigures('automatic path', auto, { throughput: TARGET_AUTO_PER_SECOND, p99: TARGET_P99_MS }),
          ...cpuFigures('automatic path', autoCpu),
          {
            name: 'batch endpoint decisions per second',
            value: batch.cases / batch.seconds,
            unit: 'decisions/s',
            target: { value: TARGET_BATCH_PER_SECOND, better: 'higher' },
            note: `${batch.cases} cases in ${batch.seconds.toFixed(2)} s, one request at a time; request p50 ${percentile(batch.latenciesMs, 50)?.toFixed(0)} ms; failed ${batch.failed}`,
          },
          ...cpuFigures('batch endpoint', batchCpu),
          ...loadFigures('human path (enqueue)', human, { p99: TARGET_P99_MS }),
          ...cpuFigures('human path (enqueue)', humanCpu),
          { name: 'retries: lost decisions', value: retries.lost, unit: 'keys', target: { value: 0, better: 'lower' }, note: `${retries.keys} keys × ${RETRY_COPIES} concurrent copies` },
          { name: 'retries: duplicated decisions', value: retries.duplicated, unit: 'keys', target: { value: 0, better: 'lower' }, note: 'keys with more than one decision, or copies answered with different ids' },
          { name: 'retries: duplicated log entries', value: retries.duplicatedLog, unit: 'keys', target: { value: 0, better: 'lower' }, note: "keys whose decision has other than one 'received' entry" },
          {
            name: 'webhook delivery p99 after the human answer',
            value: percentile(webhooks.latenciesMs, 99),
            unit: 'ms',
            target: { value: TARGET_WEBHOOK_P99_MS, better: 'lower' },
            note: `${webhooks.delivered} of ${webhooks.cases} delivered; p50 ${percentile(webhooks.latenciesMs, 50)?.toFixed(1)} ms; delivery loop in the answering process (as the in-app worker); a separate quorum worker adds its 500 ms poll`,
          },
          { name: 'decision log breaks', value: chain.break ? 1 : 0, unit: 'breaks', target: { value: 0, better: 'lower' }, note: `${chain.entries} entries re-hashed` },
        ],
      };
    } finally {
      await server.stop();
    }
  } finally {
    await handle.close();
  }
}

type TCpuSample = { server: number | null; database: Map<number, number> | null };
type TCpuPerDecision = { server: number | null; database: number | null };

/** CPU per decision does not depend on what else the machine runs, unlike the latencies and rates. */
function cpuFigures(label: string, cpu: TCpuPerDecision): TBenchFigure[] {
  const total = cpu.server !== null && cpu.database !== null ? cpu.server + cpu.database : null;
  return [
    { name: `${label} app server CPU per decision`, value: cpu.server, unit: 'ms', note: 'HTTP, Next.js, token check, validation, prediction, hashing' },
    { name: `${label} PostgreSQL CPU per decision`, value: cpu.database, unit: 'ms', note: 'the app server’s database connections' },
    {
      name: `${label} decisions per second the 2 cores allow`,
      value: total ? 2000 / total : null,
      unit: 'decisions/s',
      note: 'from the CPU per decision of server and database alone (the load generator and other work excluded): the rate on an otherwise idle machine',
    },
  ];
}

function loadFigures(label: string, result: TClosedLoopResult, targets: { throughput?: number; p99: number }): TBenchFigure[] {
  const failed = Object.values(result.errors).reduce((a, b) => a + b, 0);
  return [
    {
      name: `${label} decisions per second`,
      value: result.answered / result.seconds,
      unit: 'decisions/s',
      ...(targets.throughput ? { target: { value: targets.throughput, better: 'higher' as const } } : {}),
      note: `${result.answered} answered in ${result.seconds} s; routes ${JSON.stringify(result.routes)}; failed ${failed}${failed ? ` ${JSON.stringify(result.errors)}` : ''}`,
    },
    { name: `${label} p50`, value: percentile(result.latenciesMs, 50), unit: 'ms' },
    { name: `${label} p99`, value: percentile(result.latenciesMs, 99), unit: 'ms', target: { value: targets.p99, better: 'lower' } },
  ];
}

async function runBatches(call: ReturnType<typeof createDecisionClient>, path: string, requests: number, nextText: () => string) {
  // One request first, unmeasured: the batch route's module loads on first use.
  await call('POST', path, { cases: Array.from({ length: 10 }, () => ({ text: nextText() })) });
  const latenciesMs: number[] = [];
  let cases = 0;
  let failed = 0;
  const started = performance.now();
  for (let r = 0; r < requests; r++) {
    const body = { cases: Array.from({ length: BATCH_SIZE }, () => ({ text: nextText() })) };
    const sent = performance.now();
    const response = await call('POST', path, body);
    latenciesMs.push(performance.now() - sent);
    if (response.status !== 200) failed++;
    else cases += (response.body as { results: unknown[] }).results.length;
  }
  return { cases, failed, latenciesMs, seconds: (performance.now() - started) / 1000 };
}

/** Each key sent RETRY_COPIES times at once, `clients` keys in flight; then the database is counted. */
async function runRetries(db: Database, call: ReturnType<typeof createDecisionClient>, path: string, projectId: number, keyCount: number, clients: number, nextText: () => string) {
  const keys = Array.from({ length: keyCount }, () => `bench-${randomUUID()}`);
  const answeredIds = new Map<string, Set<string>>();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        const text = nextText();
        const responses = await Promise.all(Array.from({ length: RETRY_COPIES }, () => call('POST', path, { text }, { 'idempotency-key': key })));
        answeredIds.set(key, new Set(responses.filter((r) => r.status === 200 || r.status === 201).map((r) => (r.body as { id: string }).id)));
      }
    }),
  );
  const stored = await db
    .select({ key: decisions.idempotencyKey, id: decisions.id })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), inArray(decisions.idempotencyKey, keys)));
  const idsByKey = new Map<string, string[]>();
  for (const row of stored) idsByKey.set(row.key!, [...(idsByKey.get(row.key!) ?? []), row.id]);
  const received = await db
    .select({ decisionId: decisionLog.decisionId, n: sql<number>`count(*)::int` })
    .from(decisionLog)
    .where(and(eq(decisionLog.projectId, projectId), eq(decisionLog.event, 'received'), inArray(decisionLog.decisionId, stored.map((row) => row.id))))
    .groupBy(decisionLog.decisionId);
  const receivedCount = new Map(received.map((row) => [row.decisionId, row.n]));
  let lost = 0;
  let duplicated = 0;
  let duplicatedLog = 0;
  for (const key of keys) {
    const ids = idsByKey.get(key) ?? [];
    const answered = answeredIds.get(key) ?? new Set();
    if (ids.length === 0 || answered.size === 0) lost++;
    if (ids.length > 1 || answered.size > 1 || (ids[0] && answered.size === 1 && !answered.has(ids[0]))) duplicated++;
    if (ids[0] && receivedCount.get(ids[0]) !== 1) duplicatedLog++;
  }
  return { keys: keyCount, lost, duplicated, duplicatedLog };
}

/** A project whose model is trained on `labelCount` texts of a real corpus; the rest are the cases sent. */
async function createTrainedProject(db: Database, labelCount: number): Promise<TBenchSetup> {
  const dataset = loadFortuneTopics() ?? (await loadSpamSources());
  log(`corpus: ${dataset.name} (${dataset.texts.length} texts, ${dataset.classNames.length} classes)`);
  const ownerId = randomUUID();
  await db.insert(users).values({ id: ownerId, name: 'Bench Owner', email: `${ownerId}@bench.quorum`, role: 'manager' });
  const owner: TActor = { userId: ownerId, name: 'Bench Owner', email: `${ownerId}@bench.quorum`, globalRole: 'manager', via: 'session' };
  const slug = `decide-${ownerId.slice(0, 8)}`;
  const project = await createProject(db, owner, { name: 'Decision benchmark', slug, labels: buildDefaultLabels(dataset.classNames) });
  const labelIds = project.labels.map((label) => label.id);
  // A fixed shuffle: training texts and the cases sent never overlap.
  const order = dataset.texts.map((_, i) => i).sort((a, b) => ((a * 2654435761) % 4294967296) - ((b * 2654435761) % 4294967296));
  const train = order.slice(0, labelCount);
  const heldOut = order.slice(labelCount).map((i) => dataset.texts[i]!);
  const rows = train.map((index, n) => ({
    projectId: project.id,
    externalId: `bench-${n}`,
    contentHash: `bench-${n}`,
    text: dataset.texts[index]!,
    priority: 0.5,
    isEval: n % 5 === 0,
    finalLabelId: labelIds[dataset.labels[index]!]!,
    finalSource: 'single' as const,
    status: 'labeled' as const,
    annotationCount: 1,
  }));
  for (let start = 0; start < rows.length; start += 500) await db.insert(items).values(rows.slice(start, start + 500));
  log(`training a model on ${labelCount} labels…`);
  const started = performance.now();
  await enqueueTraining(db, { projectId: project.id, mode: 'train', reason: 'bench' });
  const compute = createInlineCompute();
  try {
    await runWorker({ db, compute, exitWhenIdle: true });
  } finally {
    await compute.close();
  }
  const current = await getCurrentModelVersion(db, project.id);
  if (!current) throw new Error('training produced no usable model version');
  log(`model version ${current.version} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The model decides nothing until a certificate is approved (issue 15): certify on the evaluation fifth, as a data scientist would.
  const certificate = await certifyModelVersion(db, owner, project.id, { versionId: current.id, form: 'error', alpha: 0.1, delta: 0.05, gridStep: 0.001 });
  await approveCertificate(db, owner, project.id, certificate.id, 'bench');
  log(`certificate: threshold ${certificate.threshold ?? 'none'} on ${certificate.calibrationSize} cases, automatic ${(certificate.coverage * 100).toFixed(0)}%`);
  const token = (await createApiToken(db, owner, { projectId: project.id, name: 'bench', expiresInDays: 1 })).token;
  return { projectId: project.id, slug, token, owner, dataset, heldOut, modelVersion: current.version };
}
