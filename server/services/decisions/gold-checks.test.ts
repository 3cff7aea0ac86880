import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decisionLog, decisionReviews, decisions, items, webhookDeliveries } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createProjectWithModel, setDecisionPolicy, setDecisionWebhookUrl } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import type { TSeededItem } from '@/server/testing/learning-fixtures';
import { listProjectLabels } from '@/server/services/projects/projects';
import { verifyDecisionLog } from './append-decision-log';
import { answerDecision, type TReviewer } from './answer-decision';
import { loadCasePredictor } from './case-predictor';
import { createDecisions } from './create-decisions';
import { readDecisionExportPages } from './export-decisions';
import { getDecision } from './get-decision';
import { getDecisionCase } from './get-decision-case';
import { MAX_CHECKS_PER_REVIEWER, planGoldChecks } from './gold-checks';
import { listDecisionQueue } from './list-decision-queue';
import { listDecisions } from './list-decisions';

describe('planGoldChecks', () => {
  const counts = (realVisible: number, checksVisible = 0, realAnswered = 0, checksAnswered = 0) => ({ realVisible, checksVisible, realAnswered, checksAnswered });

  it('fills the queue to g/(1−g) of the real cases waiting, less what waits already', () => {
    // g = 0.2: 0.25 checks per real case; 40 waiting → 10 (10 of 50 = 20%); 3 already waiting → 7.
    expect(planGoldChecks(0.2, counts(40))).toBe(10);
    expect(planGoldChecks(0.2, counts(40, 3))).toBe(7);
    // g = 0.5: one per real case; g = 0.1: 9 real cases → 1 (the ratio 1/9 times 9 rounds to exactly 1).
    expect(planGoldChecks(0.5, counts(3))).toBe(3);
    expect(planGoldChecks(0.1, counts(9))).toBe(1);
    expect(planGoldChecks(0.5, counts(500))).toBe(MAX_CHECKS_PER_REVIEWER);
  });

  it('gives nothing without real work or a share, and does not hand a check with every lone case', () => {
    expect(planGoldChecks(0.3, counts(0))).toBe(0);
    expect(planGoldChecks(0, counts(50))).toBe(0);
    // g = 0.1 and one case waiting: the queue would take ⌈1/9⌉ = 1, but the reviewer has answered no real
    // case lately, so ⌊1/9 × 1⌋ = 0; after 8 real answers ⌊1/9 × 9⌋ = 1, after a check answered 0 again.
    expect(planGoldChecks(0.1, counts(1))).toBe(0);
    expect(planGoldChecks(0.1, counts(1, 0, 8))).toBe(1);
    expect(planGoldChecks(0.1, counts(1, 0, 8, 1))).toBe(0);
  });
});

describe('hidden gold checks', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let projectId: number;
  let seeded: TSeededItem[];
  let labelIds: number[];
  let labelNames: string[];
  let realCount = 0;

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    ({ projectId, seeded } = await createProjectWithModel(harness, owner, 'gold-checks'));
    const labels = await listProjectLabels(harness.db, projectId);
    labelIds = labels.map((label) => label.id);
    labelNames = labels.map((label) => label.name);
    await setDecisionWebhookUrl(harness.db, projectId, 'https://receiver.test/hook');
  }, 300_000);
  afterAll(() => harness.close());

  /** Each test starts with an empty queue: everything earlier tests left waiting is settled. */
  beforeEach(async () => {
    await harness.db.update(decisions).set({ status: 'rejected' }).where(and(eq(decisions.projectId, projectId), eq(decisions.status, 'pending')));
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0, blindShare: 0, blindReview: false });
  });

  const reviewer = async (name: string): Promise<TReviewer> => {
    const actor = await harness.createUser(name);
    await harness.addToProject(projectId, actor, 'reviewer');
    return { actor, role: 'reviewer' };
  };
  const viewerOf = (who: TReviewer) => ({ userId: who.actor.userId, role: who.role });
  /** The first `count` seeded items (or those given) carry their true label as gold; the others none. */
  const setGoldItems = async (chosen: readonly TSeededItem[]) => {
    await harness.db.update(items).set({ goldLabelId: null }).where(eq(items.projectId, projectId));
    for (const item of chosen) await harness.db.update(items).set({ goldLabelId: labelIds[item.label]! }).where(eq(items.id, item.id));
  };
  const sendRealCases = async (n: number, extra: { deadline?: string } = {}) => {
    const texts = Array.from({ length: n }, () => `real case ${++realCount}: please look at my order and the invoice`);
    const results = await createDecisions(harness.db, owner, projectId, texts.map((text) => ({ text, ...extra })));
    return results.map((result) => {
      if (result instanceof Error) throw result;
      return result.decision.id;
    });
  };
  const checkRows = () => harness.db.select().from(decisions).where(and(eq(decisions.projectId, projectId), isNotNull(decisions.goldLabel)));
  const isCheck = async (id: string) => (await harness.db.select({ gold: decisions.goldLabel }).from(decisions).where(eq(decisions.id, id)))[0]?.gold != null;
  /** The ids of a queue's entries that are gold checks, in queue order. */
  const checksIn = async (entries: readonly { id: string }[]): Promise<string[]> => {
    const found: string[] = [];
    for (const entry of entries) if (await isCheck(entry.id)) found.push(entry.id);
    return found;
  };
  /** Answers a case as the reviewer sees it: approves a shown suggestion, else picks the first label. */
  const answerAsSeen = async (who: TReviewer, decisionId: string) => {
    const shown = await getDecisionCase(harness.db, projectId, viewerOf(who), decisionId);
    const base = { decisionId, inputHash: shown.inputHash };
    return answerDecision(harness.db, who, projectId, shown.suggestion ? { ...base, answer: 'approve' } : { ...base, answer: 'approve', label: labelNames[0]! });
  };

  it('tops the queue up to about the share, with checks that look like the cases around them', async () => {
    await setGoldItems(seeded.slice(100, 140));
    const realIds = await sendRealCases(20, { deadline: new Date(Date.now() + 3_600_000).toISOString() });
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.2 });
    const ann = await reviewer('Ann');
    const queue = await listDecisionQueue(harness.db, projectId, viewerOf(ann));
    // 20 real cases at g = 0.2 → 0.25 × 20 = 5 checks: 5 of 25.
    expect(queue.total).toBe(25);
    const checks = await checkRows();
    expect(checks.filter((row) => row.status === 'pending')).toHaveLength(5);
    expect(queue.entries.map((entry) => entry.id).sort()).toEqual([...realIds, ...checks.filter((row) => row.status === 'pending').map((row) => row.id)].sort());

    const predictor = (await loadCasePredictor(harness.db, projectId))!;
    const goldByText = new Map(seeded.slice(100, 140).map((item) => [item.text, labelNames[item.label]]));
    for (const check of checks) {
      expect(goldByText.get(check.text)).toBe(check.goldLabel);
      const predicted = predictor.predict([check.text])[0]!;
      expect(check).toMatchObject({ route: 'human', routeReason: 'not_certified', predictedLabel: predicted.label, sampled: false, audit: false, createdBy: null, callbackUrl: null, payload: null });
      expect(check.probability).toBeCloseTo(predicted.probability, 5);
      // Borrowed from the real cases: an hour to answer.
      expect(check.deadline!.getTime() - check.createdAt.getTime()).toBeGreaterThan(3_590_000);
      expect(check.deadline!.getTime() - check.createdAt.getTime()).toBeLessThan(3_610_000);
    }
    expect(new Set(checks.map((check) => check.text)).size).toBe(checks.length);

    // In the queue, in the case and in the log, a check has the shape and kinds of values of a real case.
    const realEntry = queue.entries.find((entry) => entry.id === realIds[0])!;
    const checkEntry = queue.entries.find((entry) => entry.id === checks[0]!.id)!;
    expect(Object.keys(checkEntry).sort()).toEqual(Object.keys(realEntry).sort());
    expect(checkEntry).toMatchObject({ reason: realEntry.reason, routeReason: realEntry.routeReason, routeReasonText: realEntry.routeReasonText, requiredApprovals: 1, approvals: 0 });
    expect(checkEntry.suggestion).not.toBeNull();
    const realCase = await getDecisionCase(harness.db, projectId, viewerOf(ann), realIds[0]!);
    const checkCase = await getDecisionCase(harness.db, projectId, viewerOf(ann), checks[0]!.id);
    expect(Object.keys(checkCase).sort()).toEqual(Object.keys(realCase).sort());
    expect(checkCase).toMatchObject({ isAudit: false, isApprovalQueue: false, canAnswer: true, isBlind: false, payloadJson: null, metadata: {}, escalationLevel: 0, earlierAnswers: [] });
    const receivedKeys = async (id: string) => {
      const [entry] = await harness.db.select({ body: decisionLog.body }).from(decisionLog).where(and(eq(decisionLog.decisionId, id), eq(decisionLog.event, 'received')));
      return Object.keys(entry!.body as Record<string, unknown>).sort();
    };
    expect(await receivedKeys(checks[0]!.id)).toEqual(await receivedKeys(realIds[0]!));
    expect((await verifyDecisionLog(harness.db, projectId)).break).toBeNull();

    // Loading again adds nothing: the share is met.
    await listDecisionQueue(harness.db, projectId, viewerOf(ann));
    expect(await checkRows()).toHaveLength(checks.length);
  });

  it('a check is answered like a case, scored by its gold label, and never reaches other systems', async () => {
    await setGoldItems(seeded.slice(100, 140));
    const [realId] = await sendRealCases(4);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.5 });
    const bob = await reviewer('Bob');
    const queue = await listDecisionQueue(harness.db, projectId, viewerOf(bob));
    const checkIds = await checksIn(queue.entries);
    expect(checkIds).toHaveLength(4);
    const [checkId] = checkIds;

    const answered = await answerAsSeen(bob, checkId!);
    const real = await answerAsSeen(bob, realId!);
    // One answer settles it, and the reviewer is told what a real case would tell them.
    expect(answered.outcome).toBe(real.outcome);
    expect(answered.outcome).toBe('decided');
    expect(Object.keys(answered.decision).sort()).toEqual(Object.keys(real.decision).sort());
    const [check] = await harness.db.select().from(decisions).where(eq(decisions.id, checkId!));
    expect(check).toMatchObject({ status: 'decided', decidedBy: bob.actor.userId, label: check!.predictedLabel });
    const [review] = await harness.db.select().from(decisionReviews).where(eq(decisionReviews.decisionId, checkId!));
    expect(review).toMatchObject({ reviewerId: bob.actor.userId, answer: 'approve', label: check!.predictedLabel, suggestionShown: true });
    const events = await harness.db.select({ event: decisionLog.event }).from(decisionLog).where(eq(decisionLog.decisionId, checkId!)).orderBy(decisionLog.seq);
    expect(events.map((entry) => entry.event)).toEqual(['received', 'reviewed', 'decided']);

    // The real case sent its webhook and became a training label; the check did neither.
    expect(await harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.decisionId, realId!))).toHaveLength(1);
    expect(await harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.decisionId, checkId!))).toEqual([]);
    const feedback = (id: string) => harness.db.select().from(items).where(and(eq(items.projectId, projectId), eq(items.externalId, `decision:${id}`)));
    expect(await feedback(realId!)).toHaveLength(1);
    expect(await feedback(checkId!)).toEqual([]);

    // The public API and the export know nothing of checks, answered or waiting.
    const allChecks = new Set((await checkRows()).map((row) => row.id));
    const listed = await listDecisions(harness.db, projectId, { limit: 200 });
    expect(listed.decisions.map((decision) => decision.id)).toContain(realId);
    expect(listed.decisions.filter((decision) => allChecks.has(decision.id))).toEqual([]);
    for (const id of checkIds) await expect(getDecision(harness.db, projectId, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const exported: string[] = [];
    for await (const page of readDecisionExportPages(harness.db, projectId, {})) exported.push(...page.map((record) => record.id));
    expect(exported).toContain(realId);
    expect(exported.filter((id) => allChecks.has(id))).toEqual([]);
  });

  it('never shows a reviewer the same gold item twice; another reviewer may have it', async () => {
    const pool = seeded.slice(100, 106);
    await setGoldItems(pool);
    await sendRealCases(30);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.5 });
    const carol = await reviewer('Carol');
    const seenTexts: string[] = [];
    for (let round = 0; round < 10; round++) {
      const queue = await listDecisionQueue(harness.db, projectId, viewerOf(carol));
      const checks = await checksIn(queue.entries);
      if (checks.length === 0) break;
      for (const id of checks) {
        const [row] = await harness.db.select({ text: decisions.text }).from(decisions).where(eq(decisions.id, id));
        seenTexts.push(row!.text);
        await answerAsSeen(carol, id);
      }
    }
    // Every one of the six gold items, each once, and then no more checks for Carol.
    expect(seenTexts.sort()).toEqual(pool.map((item) => item.text).sort());
    expect(await checksIn((await listDecisionQueue(harness.db, projectId, viewerOf(carol))).entries)).toEqual([]);

    const dan = await reviewer('Dan');
    const dansQueue = await listDecisionQueue(harness.db, projectId, viewerOf(dan));
    const dansChecks = await checksIn(dansQueue.entries);
    expect(dansChecks).toHaveLength(6);
    // Dan's new checks reuse Carol's items, and Carol still does not see them.
    expect((await listDecisionQueue(harness.db, projectId, viewerOf(carol))).entries.map((entry) => entry.id).filter((id) => dansChecks.includes(id))).toEqual([]);
  });

  it('makes checks about the share of what a reviewer answers while cases keep arriving', async () => {
    await setGoldItems(seeded.slice(60, 150));
    await sendRealCases(10);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.2 });
    const erin = await reviewer('Erin');
    let checksAnswered = 0;
    let answers = 0;
    // One case arrives every other step for 60 steps, Erin answers one per step: her queue runs dry at
    // times and fills again; at the end she clears it.
    for (let step = 0; step < 120; step++) {
      if (step % 2 === 0 && step < 60) await sendRealCases(1);
      const [first] = (await listDecisionQueue(harness.db, projectId, viewerOf(erin))).entries;
      if (!first) {
        if (step >= 60) break;
        continue;
      }
      if (await isCheck(first.id)) checksAnswered++;
      await answerAsSeen(erin, first.id);
      answers++;
    }
    // 40 real cases: about a fifth of what Erin answered should be checks (10 of 50).
    expect(answers - checksAnswered).toBe(40);
    expect(Math.abs(checksAnswered / answers - 0.2)).toBeLessThanOrEqual(0.04);
  });

  it('adds the checks once when several reviewers load their queues at the same moment', async () => {
    await setGoldItems(seeded.slice(100, 140));
    await sendRealCases(6);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.5 });
    const crowd = await Promise.all(['Hal', 'Ida', 'Jon'].map(reviewer));
    await Promise.all([...crowd, ...crowd].map((who) => listDecisionQueue(harness.db, projectId, viewerOf(who))));
    // Six real cases at g = 0.5: six checks, whoever got there first.
    const pending = await harness.db.select().from(decisions).where(and(eq(decisions.projectId, projectId), eq(decisions.status, 'pending'), isNotNull(decisions.goldLabel)));
    expect(pending).toHaveLength(6);
  });

  it('a gold share of 0 takes the checks out of every queue; setting it again brings them back', async () => {
    await setGoldItems(seeded.slice(100, 140));
    await sendRealCases(8);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.5 });
    const fay = await reviewer('Fay');
    expect((await listDecisionQueue(harness.db, projectId, viewerOf(fay))).total).toBe(16);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0 });
    expect((await listDecisionQueue(harness.db, projectId, viewerOf(fay))).total).toBe(8);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.5 });
    expect((await listDecisionQueue(harness.db, projectId, viewerOf(fay))).total).toBe(16);
    expect(await harness.db.select().from(decisions).where(and(eq(decisions.projectId, projectId), eq(decisions.status, 'pending'), isNotNull(decisions.goldLabel)))).toHaveLength(8);
  });

  it('draws a check’s blind flag like a case’s, and the answer records that the suggestion was hidden', async () => {
    await setGoldItems(seeded.slice(100, 140));
    await sendRealCases(4);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.5, blindShare: 1 });
    const gus = await reviewer('Gus');
    const queue = await listDecisionQueue(harness.db, projectId, viewerOf(gus));
    expect(queue.isBlind).toBe(false);
    const [checkId] = await checksIn(queue.entries);
    const checkEntry = queue.entries.find((entry) => entry.id === checkId)!;
    expect(checkEntry.suggestion).toBeNull();
    await answerAsSeen(gus, checkEntry.id);
    const [review] = await harness.db.select().from(decisionReviews).where(eq(decisionReviews.decisionId, checkEntry.id));
    expect(review!.suggestionShown).toBe(false);
    expect(await harness.db.select().from(decisions).where(and(eq(decisions.projectId, projectId), isNotNull(decisions.goldLabel), isNull(decisions.predictedLabel)))).toEqual([]);
    const hidden = await harness.db.execute<{ n: number | string }>(sql`select count(*) as n from decisions where project_id = ${projectId} and gold_label is not null and status = 'pending' and not suggestion_hidden`);
    expect(Number(hidden.rows[0]!.n)).toBe(0);
  });
});
