import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createTestMediaContext } from '@/server/testing/media-fixtures';
import type { TCompute } from '@/server/services/learning/compute';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { loadSpamAssassin, type TDemoMessage } from './corpus';
import type { TDemoActivityPlan } from './seed-demo-activity';
import { verifyDecisionLog } from '@/server/services/decisions/append-decision-log';
import { describeDecisionDemo, describeDemoActivity, seedDemo } from './seed';
import type { TDecisionDemoPlan } from './seed-decision-demo';

/** 30 e-mails of each of the corpus's five groups, parsed once for every run. */
const PER_GROUP = 30;
/** The demo's plan at a tenth of the size: the same steps, seconds instead of minutes. */
/** 150 e-mails in the test corpus: 100 of them teach the gateway's model, 40 arrive as cases. */
const SMALL_DECISION_PLAN: TDecisionDemoPlan = { history: 100, cases: 40, answered: 4 };

const SMALL_PLAN: TDemoActivityPlan = {
  rounds: [30, 30],
  afterRound: 10,
  accuracies: [0.95, 0.9, 0.85, 0.65],
  days: 14,
  simulation: { strategies: ['random', 'margin'], budget: 40, batchSize: 20, seeds: 1 },
  seed: 13,
};

describe('seedDemo', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let sample: TDemoMessage[];
  const corpus = { size: 5 * PER_GROUP, messages: async function* () { yield* sample; } };
  const firstRun: string[] = [];
  let first: Awaited<ReturnType<typeof seedDemo>>;
  const media = createTestMediaContext();

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    sample = [];
    for await (const message of loadSpamAssassin({ limitPerGroup: PER_GROUP })) sample.push(message);
    first = await seedDemo(harness.db, harness.auth, 'demo-password-for-tests', { corpus, plan: SMALL_PLAN, decisionPlan: SMALL_DECISION_PLAN, compute, media, log: (line) => firstRun.push(line) });
  }, 300_000);
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  const count = async (query: ReturnType<typeof sql>) => Number((await harness.db.execute<{ n: number }>(query)).rows[0]?.n ?? 0);

  it('labels through the queue, trains a version per round and finishes a strategy simulation', async () => {
    expect(first.import?.itemsCreated).toBe(5 * PER_GROUP);
    expect(first.activity.state).toBe('seeded');
    if (first.activity.state !== 'seeded') return;
    expect(first.activity.items).toBeGreaterThanOrEqual(60);
    expect(await count(sql`select count(*)::int as n from annotations where project_id = ${first.projectId}`)).toBe(first.activity.labels);
    // Four simulated annotators, the weak one among them.
    expect(await count(sql`select count(distinct annotator_id)::int as n from annotations where project_id = ${first.projectId}`)).toBe(4);
    expect(first.activity.versions).toBe(SMALL_PLAN.rounds.length);
    const versions = await harness.db.execute<{ label_count: number }>(sql`select label_count from model_versions where project_id = ${first.projectId} and status = 'ready' order by version`);
    // Each version learned from more labels than the one before.
    const labelCounts = versions.rows.map((row) => Number(row.label_count));
    expect(labelCounts).toEqual([...labelCounts].sort((a, b) => a - b));
    expect(new Set(labelCounts).size).toBe(labelCounts.length);
    const simulation = await harness.db.execute<{ status: string; result: { strategies?: Record<string, unknown> } }>(
      sql`select status, result from jobs where id = ${first.activity.simulationJobId}`,
    );
    expect(simulation.rows[0]?.status).toBe('succeeded');
    expect(Object.keys(simulation.rows[0]?.result.strategies ?? {}).sort()).toEqual(['margin', 'random']);
    // People disagreed, so the review queue has work; the quality report is stored.
    expect(first.activity.reviewReasons.disagreement ?? 0).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from quality_snapshots where project_id = ${first.projectId}`)).toBeGreaterThan(0);
    expect(firstRun.some((line) => /first run: parsing and importing 150 e-mails/.test(line))).toBe(true);
    expect(describeDemoActivity(first.activity)).toMatch(/^\[demo\] seeded in \d+ s: \d+ labels on \d+ items, 2 model versions, a strategy simulation, review queue: .*disagreement \d+/);
  });

  it('seeds a small image project of drawn shapes, once', async () => {
    expect(first.images.created).toBe(40);
    const shapes = await harness.db.execute<{ n: number; images: number }>(
      sql`select count(*)::int as n, count(media_hash)::int as images from items where project_id = ${first.images.projectId}`,
    );
    expect(shapes.rows[0]).toEqual({ n: 40, images: 40 });
  });

  it('seeds a small spans project, decided by span voting', async () => {
    expect(first.spans.created).toBe(10);
  });

  it('seeds the mail gateway: a model, cases sent through the decision service, answers, audits and deadlines', async () => {
    expect(first.decisions.state).toBe('seeded');
    if (first.decisions.state !== 'seeded') return;
    expect(first.decisions.decisions).toBe(SMALL_DECISION_PLAN.cases);
    const states = first.decisions.byState;
    const total = (prefix: string) => Object.entries(states).filter(([state]) => state.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
    // People decided some, some still wait for them, and the deadline sweep met a few.
    expect(total('human decided')).toBeGreaterThan(0);
    expect(total('human pending')).toBeGreaterThan(0);
    expect(Object.keys(states).some((state) => /deadline_/.test(state))).toBe(true);
    const gateway = await harness.db.execute<{ id: number }>(sql`select id from projects where slug = 'mail-gateway'`);
    const gatewayId = Number(gateway.rows[0]?.id);
    expect((await verifyDecisionLog(harness.db, gatewayId)).break).toBeNull();
    expect(await count(sql`select count(*)::int as n from decision_reviews r join decisions d on d.id = r.decision_id where d.project_id = ${gatewayId}`)).toBeGreaterThan(0);
    expect(describeDecisionDemo(first.decisions)).toMatch(/^\[demo\] mail-gateway: \d+ cases sent in \d+ s \(/);
  });

  it('does nothing on a seeded database, and says so instead of announcing a first run', async () => {
    const before = await count(sql`select count(*)::int as n from annotations where project_id = ${first.projectId}`);
    const everywhere = await count(sql`select count(*)::int as n from annotations`);
    const lines: string[] = [];
    const again = await seedDemo(harness.db, harness.auth, 'demo-password-for-tests', { corpus, plan: SMALL_PLAN, decisionPlan: SMALL_DECISION_PLAN, compute, media, log: (line) => lines.push(line) });
    expect(again.import).toBeNull();
    expect(again.activity).toEqual({ state: 'already-seeded', annotations: before });
    expect(lines.join('\n')).not.toMatch(/first run|parsing/);
    expect(again.decisions).toEqual({ state: 'already-seeded', decisions: SMALL_DECISION_PLAN.cases });
    expect(describeDemoActivity(again.activity)).toBe(`[demo] already seeded (${before.toLocaleString('en')} labels): nothing to do`);
    expect(await count(sql`select count(*)::int as n from annotations`)).toBe(everywhere);
    expect(await count(sql`select count(*)::int as n from model_versions where project_id = ${first.projectId}`)).toBe(SMALL_PLAN.rounds.length);
  });
});
