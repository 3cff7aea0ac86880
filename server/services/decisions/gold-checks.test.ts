import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, decisionLog, decisionReviews, decisions, items, webhookDeliveries } from '@/db/schema';
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
import { checksPerRealCase, GOLD_CHECK_ACTION, MAX_CHECKS_PER_REVIEWER, planGoldChecks, sponsorDraw } from './gold-checks';
import { listDecisionQueue } from './list-decision-queue';
import { listDecisions } from './list-decisions';

describe('how many checks', () => {
  it('g/(1−g) checks per real case make checks g of the whole', () => {
    expect(checksPerRealCase(0.2)).toBeCloseTo(0.25, 12);
    expect(checksPerRealCase(0.1)).toBeCloseTo(1 / 9, 12);
    expect(checksPerRealCase(0.5)).toBe(1);
    expect(checksPerRealCase(0)).toBe(0);
  });

  it('a case’s draw is the first 32 bits of md5 of its id, and uniform over ids', () => {
    // The queue draws it in SQL; the tests below count on both giving the same sponsors.
    // md5("dec_example") starts 9f a1 5d f8: 0x9fa15df8 / 2^32; md5("dec_0") starts 63 58 5f dc.
    expect(sponsorDraw('dec_example')).toBeCloseTo(0x9fa15df8 / 2 ** 32, 12);
    expect(sponsorDraw('dec_0')).toBeCloseTo(0x63585fdc / 2 ** 32, 12);
    const draws = Array.from({ length: 20_000 }, (_, i) => sponsorDraw(`dec_${i}`));
    // Binomial(20,000, 0.25): standard deviation 0.0031 of the share; 0.012 is about four of them.
    expect(Math.abs(draws.filter((draw) => draw < 0.25).length / draws.length - 0.25)).toBeLessThan(0.012);
  });

  it('adds one check per sponsor still without one, at most 50 waiting for a reviewer', () => {
    expect(planGoldChecks({ sponsors: 10, checks: 0 })).toBe(10);
    expect(planGoldChecks({ sponsors: 10, checks: 12 })).toBe(10);
    expect(planGoldChecks({ sponsors: 10, checks: 45 })).toBe(MAX_CHECKS_PER_REVIEWER - 45);
    expect(planGoldChecks({ sponsors: 3, checks: 60 })).toBe(0);
    expect(planGoldChecks({ sponsors: 0, checks: 0 })).toBe(0);
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

  it('tops the queue up to the sponsors among its cases, with checks that look like the cases around them', async () => {
    await setGoldItems(seeded.slice(100, 140));
    const realIds = await sendRealCases(30, { deadline: new Date(Date.now() + 3_600_000).toISOString() });
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.2 });
    // At g = 0.2 a case sponsors a check when its draw is below 0.25: about 7 or 8 of 30.
    const sponsors = realIds.filter((id) => sponsorDraw(id) < 0.25).length;
    expect(sponsors).toBeGreaterThan(0);
    const ann = await reviewer('Ann');
    const queue = await listDecisionQueue(harness.db, projectId, viewerOf(ann));
    expect(queue.total).toBe(30 + sponsors);
    const checks = await checkRows();
    expect(checks.filter((row) => row.status === 'pending')).toHaveLength(sponsors);
    expect(queue.entries.map((entry) => entry.id).sort()).toEqual([...realIds, ...checks.filter((row) => row.status === 'pending').map((row) => row.id)].sort());

    const predictor = (await loadCasePredictor(harness.db, projectId))!;
    const goldByText = new Map(seeded.slice(100, 140).map((item) => [item.text, labelNames[item.label]]));
    expect(checks.every((check) => goldByText.has(check.text))).toBe(true);
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

    // The audit trail says which case sponsored which check (for managers: reviewers never read it).
    const sponsored = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, GOLD_CHECK_ACTION)));
    expect(sponsored.map((event) => event.subjectId).sort()).toEqual(realIds.filter((id) => sponsorDraw(id) < 0.25).sort());
    expect(sponsored.map((event) => (event.after as { checkId: string }).checkId).sort()).toEqual(checks.map((check) => check.id).sort());
    expect(sponsored.every((event) => event.actorType === 'system')).toBe(true);

    // Answering the checks before their sponsors, and loading again, adds nothing: each sponsor has had its check.
    for (const check of checks) await answerAsSeen(ann, check.id);
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

  it('makes each gold item one check only, so nobody meets an item twice, and stops when they are used up', async () => {
    const pool = seeded.slice(20, 26);
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
    // Every one of the six gold items, each once, and then no more checks, for Carol or anyone.
    expect(seenTexts.sort()).toEqual(pool.map((item) => item.text).sort());
    expect(await checksIn((await listDecisionQueue(harness.db, projectId, viewerOf(carol))).entries)).toEqual([]);
    const dan = await reviewer('Dan');
    expect(await checksIn((await listDecisionQueue(harness.db, projectId, viewerOf(dan))).entries)).toEqual([]);
    const unmet = await harness.db.select({ after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, GOLD_CHECK_ACTION)));
    expect(unmet.filter((event) => (event.after as { checkId: string | null }).checkId === null).length).toBeGreaterThan(0);
    // A new gold item is used for the next case that sponsors one (at g = 0.5, every case).
    await harness.db.update(items).set({ goldLabelId: labelIds[seeded[30]!.label]! }).where(eq(items.id, seeded[30]!.id));
    await sendRealCases(1);
    const [fresh] = await checksIn((await listDecisionQueue(harness.db, projectId, viewerOf(dan))).entries);
    expect((await harness.db.select({ text: decisions.text }).from(decisions).where(eq(decisions.id, fresh!)))[0]!.text).toBe(seeded[30]!.text);
  });

  it('gives a reviewer one check per sponsoring case while cases keep arriving and the queue runs dry', async () => {
    await setGoldItems(seeded.slice(60, 150));
    const realIds = await sendRealCases(10);
    await setDecisionPolicy(harness.db, projectId, { goldShare: 0.2 });
    const erin = await reviewer('Erin');
    let checksAnswered = 0;
    let answers = 0;
    // One case arrives every other step for 60 steps, Erin answers one per step: her queue runs dry at
    // times and fills again; at the end she clears it.
    for (let step = 0; step < 120; step++) {
      if (step % 2 === 0 && step < 60) realIds.push(...(await sendRealCases(1)));
      const [first] = (await listDecisionQueue(harness.db, projectId, viewerOf(erin))).entries;
      if (!first) {
        if (step >= 60) break;
        continue;
      }
      if (await isCheck(first.id)) checksAnswered++;
      await answerAsSeen(erin, first.id);
      answers++;
    }
    // 40 real cases, each sponsoring a check with probability 0.25 (so checks are a fifth of all, on
    // average: the draw's uniformity is tested above); here each sponsor brought exactly one.
    expect(answers - checksAnswered).toBe(40);
    expect(checksAnswered).toBe(realIds.filter((id) => sponsorDraw(id) < 0.25).length);
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
