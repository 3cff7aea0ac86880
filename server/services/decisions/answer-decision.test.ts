import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { annotations, auditEvents, decisionLog, decisionReviews, decisions, items, webhookDeliveries } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { insertDecision, setDecisionPolicy, setDecisionWebhookUrl } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { verifyDecisionLog } from './append-decision-log';
import { answerDecision, type TReviewer } from './answer-decision';
import { recordDecisionFeedback } from './decision-feedback';
import { getDecisionCase } from './get-decision-case';
import { hashDecisionInput } from './hash-decision-input';
import { listDecisionQueue } from './list-decision-queue';

describe('answering decisions', () => {
  let harness: TTestHarness;
  let projectId: number;
  let ann: TReviewer;
  let bob: TReviewer;
  let carol: TReviewer;
  let manager: TReviewer;

  beforeAll(async () => {
    harness = await createTestHarness();
    const owner = await harness.createUser('Owner', 'admin');
    projectId = (await harness.createProjectAs(owner, 'triage')).id;
    const reviewer = async (name: string, role: 'reviewer' | 'manager'): Promise<TReviewer> => {
      const actor: TActor = await harness.createUser(name);
      await harness.addToProject(projectId, actor, role);
      return { actor, role };
    };
    ann = await reviewer('Ann', 'reviewer');
    bob = await reviewer('Bob', 'reviewer');
    carol = await reviewer('Carol', 'reviewer');
    manager = await reviewer('Mia', 'manager');
    await setDecisionWebhookUrl(harness.db, projectId, 'https://receiver.test/hook');
  });
  afterAll(() => harness.close());
  beforeEach(() => setDecisionPolicy(harness.db, projectId, { blindReview: false, highStakesLabels: [], highStakesApprovals: 2 }));

  const queueIds = async (reviewer: TReviewer) => (await listDecisionQueue(harness.db, projectId, { userId: reviewer.actor.userId, role: reviewer.role })).entries.map((entry) => entry.id);
  const deliveriesOf = (decisionId: string) => harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.decisionId, decisionId));
  const logOf = async (decisionId: string) =>
    (await harness.db.select({ event: decisionLog.event, body: decisionLog.body }).from(decisionLog).where(eq(decisionLog.decisionId, decisionId)).orderBy(decisionLog.seq)).map(
      (entry) => entry.event,
    );
  const feedbackOf = (decisionId: string) => harness.db.select().from(items).where(and(eq(items.projectId, projectId), eq(items.externalId, `decision:${decisionId}`)));

  it('a sampled case people decide becomes evaluation data, not training data (it was drawn before routing)', async () => {
    const row = await insertDecision(harness.db, projectId, { sampled: true });
    await answerDecision(harness.db, ann, projectId, { decisionId: row.id, answer: 'approve', inputHash: row.inputHash });
    expect(await feedbackOf(row.id)).toMatchObject([{ isEval: true, finalSource: 'review' }]);
  });

  it('approves the suggestion: decided, on the record, a webhook with the API view, and one training label', async () => {
    const row = await insertDecision(harness.db, projectId);
    const result = await answerDecision(harness.db, ann, projectId, { decisionId: row.id, answer: 'approve', inputHash: row.inputHash });
    expect(result.outcome).toBe('decided');
    expect(result.decision).toMatchObject({ status: 'decided', label: 'positive', decidedBy: 'human', outcomeReason: 'reviewer' });
    expect(await logOf(row.id)).toEqual(['received', 'reviewed', 'decided']);
    const [delivery] = await deliveriesOf(row.id);
    expect(delivery).toMatchObject({ eventType: 'decision.decided', payload: { type: 'decision.decided', data: { id: row.id, status: 'decided', label: 'positive' } } });
    const [item] = await feedbackOf(row.id);
    expect(item).toMatchObject({ text: row.text, finalSource: 'review', status: 'reviewed', isEval: false, annotationCount: 1 });
    expect(await harness.db.select({ annotatorId: annotations.annotatorId }).from(annotations).where(eq(annotations.itemId, item!.id))).toEqual([{ annotatorId: ann.actor.userId }]);
    expect((await verifyDecisionLog(harness.db, projectId)).break).toBeNull();
    await expect(answerDecision(harness.db, bob, projectId, { decisionId: row.id, answer: 'approve', inputHash: row.inputHash })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an answer to another input than the one on record', async () => {
    const row = await insertDecision(harness.db, projectId);
    await expect(answerDecision(harness.db, ann, projectId, { decisionId: row.id, answer: 'approve', inputHash: hashDecisionInput('something else', null) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await harness.db.select().from(decisionReviews).where(eq(decisionReviews.decisionId, row.id))).toEqual([]);
  });

  it('overrides with a reason (audited), rejects with a reason, and refuses either without one', async () => {
    const row = await insertDecision(harness.db, projectId);
    const base = { decisionId: row.id, inputHash: row.inputHash };
    await expect(answerDecision(harness.db, ann, projectId, { ...base, answer: 'override', label: 'negative' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(answerDecision(harness.db, ann, projectId, { ...base, answer: 'override', label: 'positive', reason: 'same' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(answerDecision(harness.db, ann, projectId, { ...base, answer: 'override', label: 'maybe', reason: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const result = await answerDecision(harness.db, ann, projectId, { ...base, answer: 'override', label: 'negative', reason: 'Known sender' });
    expect(result.decision).toMatchObject({ status: 'decided', label: 'negative', outcomeReason: 'Known sender' });
    const audits = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'decision.override'), eq(auditEvents.subjectId, row.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ label: 'negative', reason: 'Known sender' });

    const other = await insertDecision(harness.db, projectId);
    await expect(answerDecision(harness.db, ann, projectId, { decisionId: other.id, inputHash: other.inputHash, answer: 'reject' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const rejected = await answerDecision(harness.db, ann, projectId, { decisionId: other.id, inputHash: other.inputHash, answer: 'reject', reason: 'Not ours' });
    expect(rejected.decision).toMatchObject({ status: 'rejected', label: null, decidedBy: 'human', outcomeReason: 'Not ours' });
    expect((await deliveriesOf(other.id)).map((delivery) => delivery.eventType)).toEqual(['decision.rejected']);
    expect(await feedbackOf(other.id)).toEqual([]);
  });

  it('escalates to a second reviewer: hidden from the first, shown to others and to managers', async () => {
    const row = await insertDecision(harness.db, projectId);
    const base = { decisionId: row.id, inputHash: row.inputHash };
    await expect(answerDecision(harness.db, ann, projectId, { ...base, answer: 'escalate' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const result = await answerDecision(harness.db, ann, projectId, { ...base, answer: 'escalate', reason: 'Needs legal' });
    expect(result).toMatchObject({ outcome: 'escalated', decision: { status: 'pending', escalationLevel: 1 } });
    expect((await deliveriesOf(row.id)).map((delivery) => delivery.eventType)).toEqual(['decision.escalated']);
    expect(await queueIds(ann)).not.toContain(row.id);
    expect(await queueIds(bob)).toContain(row.id);
    expect(await queueIds(manager)).toContain(row.id);
    await expect(answerDecision(harness.db, ann, projectId, { ...base, answer: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const shown = await getDecisionCase(harness.db, projectId, { userId: bob.actor.userId, role: 'reviewer' }, row.id);
    expect(shown.earlierAnswers).toMatchObject([{ reviewerName: 'Ann', answer: 'escalate', reason: 'Needs legal' }]);
    expect(shown.canAnswer).toBe(true);
    const decided = await answerDecision(harness.db, bob, projectId, { ...base, answer: 'approve' });
    expect(decided.decision).toMatchObject({ status: 'decided', label: 'positive', escalationLevel: 1 });
  });

  it('needs M distinct reviewers for a high-stakes label, hides the case from those who answered, and escalates on disagreement', async () => {
    await setDecisionPolicy(harness.db, projectId, { highStakesLabels: ['negative'], highStakesApprovals: 2 });
    const row = await insertDecision(harness.db, projectId, { predictedLabel: 'negative', probabilities: { negative: 0.6, positive: 0.4 } });
    const base = { decisionId: row.id, inputHash: row.inputHash, answer: 'approve' as const };
    const first = await answerDecision(harness.db, ann, projectId, base);
    expect(first).toMatchObject({ outcome: 'recorded', decision: { status: 'pending', requiredApprovals: 2 } });
    expect(await deliveriesOf(row.id)).toEqual([]);
    expect(await queueIds(ann)).not.toContain(row.id);
    const entry = (await listDecisionQueue(harness.db, projectId, { userId: bob.actor.userId, role: 'reviewer' })).entries.find((candidate) => candidate.id === row.id);
    expect(entry).toMatchObject({ approvals: 1, requiredApprovals: 2 });
    await expect(answerDecision(harness.db, ann, projectId, base)).rejects.toMatchObject({ code: 'CONFLICT' });
    const second = await answerDecision(harness.db, bob, projectId, base);
    expect(second.decision).toMatchObject({ status: 'decided', label: 'negative' });
    expect((await feedbackOf(row.id))[0]).toMatchObject({ annotationCount: 2 });

    const disputed = await insertDecision(harness.db, projectId, { predictedLabel: 'negative' });
    await answerDecision(harness.db, ann, projectId, { decisionId: disputed.id, inputHash: disputed.inputHash, answer: 'approve' });
    const split = await answerDecision(harness.db, bob, projectId, { decisionId: disputed.id, inputHash: disputed.inputHash, answer: 'override', label: 'positive', reason: 'Harmless' });
    expect(split).toMatchObject({ outcome: 'escalated', decision: { status: 'pending', escalationLevel: 1, outcomeReason: 'reviewers_disagree' } });
    expect(await queueIds(carol)).toContain(disputed.id);
    expect(await queueIds(bob)).not.toContain(disputed.id);
  });

  it('settles once when two reviewers answer at the same moment', async () => {
    const row = await insertDecision(harness.db, projectId);
    const answers = await Promise.allSettled(
      [ann, bob, carol].map((reviewer) => answerDecision(harness.db, reviewer, projectId, { decisionId: row.id, inputHash: row.inputHash, answer: 'approve' })),
    );
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
    for (const answer of answers) if (answer.status === 'rejected') expect(answer.reason).toMatchObject({ code: 'CONFLICT' });
    expect((await logOf(row.id)).filter((event) => event === 'decided')).toHaveLength(1);
    expect(await deliveriesOf(row.id)).toHaveLength(1);
    expect(await feedbackOf(row.id)).toHaveLength(1);
  });

  it('blind review hides the suggestion from the data and records a chosen label as agreeing or not', async () => {
    await setDecisionPolicy(harness.db, projectId, { blindReview: true });
    const row = await insertDecision(harness.db, projectId);
    const viewer = { userId: ann.actor.userId, role: 'reviewer' as const };
    const queue = await listDecisionQueue(harness.db, projectId, viewer);
    expect(queue.isBlind).toBe(true);
    expect(queue.entries.find((entry) => entry.id === row.id)?.suggestion).toBeNull();
    expect(numbersIn(await getDecisionCase(harness.db, projectId, viewer, row.id))).not.toContain(0.6);
    await expect(answerDecision(harness.db, ann, projectId, { decisionId: row.id, inputHash: row.inputHash, answer: 'approve' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await answerDecision(harness.db, ann, projectId, { decisionId: row.id, inputHash: row.inputHash, answer: 'approve', label: 'negative' });
    const [review] = await harness.db.select().from(decisionReviews).where(eq(decisionReviews.decisionId, row.id));
    expect(review).toMatchObject({ answer: 'override', label: 'negative', suggestionShown: false, reason: null });
  });

  it('blind per case: a case drawn blind hides its suggestion and is answered with a label; the others keep theirs', async () => {
    const blind = await insertDecision(harness.db, projectId, { suggestionHidden: true });
    const open = await insertDecision(harness.db, projectId);
    const viewer = { userId: carol.actor.userId, role: 'reviewer' as const };
    const queue = await listDecisionQueue(harness.db, projectId, viewer);
    expect(queue.isBlind).toBe(false);
    expect(queue.entries.find((entry) => entry.id === blind.id)?.suggestion).toBeNull();
    expect(queue.entries.find((entry) => entry.id === open.id)?.suggestion).toMatchObject({ label: 'positive' });
    const shown = await getDecisionCase(harness.db, projectId, viewer, blind.id);
    expect(shown).toMatchObject({ isBlind: true, suggestion: null });
    expect(numbersIn(shown)).not.toContain(0.6);
    expect(await getDecisionCase(harness.db, projectId, viewer, open.id)).toMatchObject({ isBlind: false, suggestion: { label: 'positive' } });
    // The blind rules: a label is needed, and choosing the model's own label is agreeing with it, without a reason.
    await expect(answerDecision(harness.db, carol, projectId, { decisionId: blind.id, inputHash: blind.inputHash, answer: 'approve' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await answerDecision(harness.db, carol, projectId, { decisionId: blind.id, inputHash: blind.inputHash, answer: 'override', label: 'positive' });
    await answerDecision(harness.db, carol, projectId, { decisionId: open.id, inputHash: open.inputHash, answer: 'approve' });
    const reviewOf = async (id: string) => (await harness.db.select().from(decisionReviews).where(eq(decisionReviews.decisionId, id)))[0];
    expect(await reviewOf(blind.id)).toMatchObject({ answer: 'approve', label: 'positive', suggestionShown: false, reason: null });
    expect(await reviewOf(open.id)).toMatchObject({ answer: 'approve', label: 'positive', suggestionShown: true });
    const [logged] = await harness.db.select({ body: decisionLog.body }).from(decisionLog).where(and(eq(decisionLog.decisionId, blind.id), eq(decisionLog.event, 'reviewed')));
    expect(logged!.body).toMatchObject({ suggestionShown: false });

    // Blind review, switched on after a case arrived unblinded, hides it too.
    await setDecisionPolicy(harness.db, projectId, { blindReview: true });
    const late = await insertDecision(harness.db, projectId, { suggestionHidden: false });
    expect(await getDecisionCase(harness.db, projectId, viewer, late.id)).toMatchObject({ isBlind: true, suggestion: null });
    await answerDecision(harness.db, carol, projectId, { decisionId: late.id, inputHash: late.inputHash, answer: 'approve', label: 'negative' });
    expect(await reviewOf(late.id)).toMatchObject({ answer: 'override', suggestionShown: false });
  });

  it('approval queues: the reviewer may edit the payload; the edit and its hash become the decision’s input', async () => {
    const payload = { tool: 'refund', amount: 120 };
    const row = await insertDecision(harness.db, projectId, { payload, routeReason: 'human_only', predictedLabel: null, probability: null, probabilities: null, policy: { mode: 'human_only' } });
    const edited = { tool: 'refund', amount: 100 };
    const result = await answerDecision(harness.db, ann, projectId, { decisionId: row.id, inputHash: row.inputHash, answer: 'approve', editedPayload: edited });
    expect(result.decision).toMatchObject({ status: 'decided', label: null, inputHash: hashDecisionInput(row.text, edited) });
    const [stored] = await harness.db.select().from(decisions).where(eq(decisions.id, row.id));
    expect(stored!.payload).toEqual(edited);
    const [review] = await harness.db.select().from(decisionReviews).where(eq(decisionReviews.decisionId, row.id));
    expect(review).toMatchObject({ inputHash: row.inputHash, editedPayload: edited });

    const ordinary = await insertDecision(harness.db, projectId, { payload });
    await expect(
      answerDecision(harness.db, ann, projectId, { decisionId: ordinary.id, inputHash: ordinary.inputHash, answer: 'approve', editedPayload: edited }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('audits of automatic decisions: in the queue once, on the record, evaluation data, and the automatic answer stands', async () => {
    const row = await insertDecision(harness.db, projectId, {
      status: 'decided',
      route: 'auto',
      routeReason: 'above_threshold',
      audit: true,
      label: 'positive',
      predictedLabel: 'positive',
      probability: 0.97,
      outcomeReason: 'above_threshold',
      decidedAt: new Date(),
    });
    const entry = (await listDecisionQueue(harness.db, projectId, { userId: ann.actor.userId, role: 'reviewer' })).entries.find((candidate) => candidate.id === row.id);
    expect(entry?.reason).toBe('audit');
    await expect(answerDecision(harness.db, ann, projectId, { decisionId: row.id, inputHash: row.inputHash, answer: 'reject', reason: 'no' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const result = await answerDecision(harness.db, ann, projectId, { decisionId: row.id, inputHash: row.inputHash, answer: 'override', label: 'negative', reason: 'Sarcasm' });
    expect(result).toMatchObject({ outcome: 'audited', decision: { status: 'decided', label: 'positive', decidedBy: 'model' } });
    const [logged] = await harness.db.select({ body: decisionLog.body }).from(decisionLog).where(and(eq(decisionLog.decisionId, row.id), eq(decisionLog.event, 'reviewed')));
    expect(logged!.body).toMatchObject({ audit: true, agreesWithModel: false, label: 'negative' });
    expect((await feedbackOf(row.id))[0]).toMatchObject({ isEval: true, finalSource: 'review' });
    expect((await harness.db.select({ auditedAt: decisions.auditedAt }).from(decisions).where(eq(decisions.id, row.id)))[0]!.auditedAt).toBeInstanceOf(Date);
    expect(await deliveriesOf(row.id)).toEqual([]);
    expect(await queueIds(bob)).not.toContain(row.id);
    await expect(answerDecision(harness.db, bob, projectId, { decisionId: row.id, inputHash: row.inputHash, answer: 'approve' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a gold check gives no feedback, however it is recorded', async () => {
    const row = await insertDecision(harness.db, projectId, { goldLabel: 'negative' });
    const feedback = { decision: { id: row.id, projectId, text: row.text, label: 'negative', goldLabel: row.goldLabel }, reviewerIds: [ann.actor.userId], isUniformSample: false };
    expect(await harness.db.transaction((tx) => recordDecisionFeedback(tx, feedback))).toBeNull();
    expect(await harness.db.transaction((tx) => recordDecisionFeedback(tx, { ...feedback, isUniformSample: true }))).toBeNull();
    expect(await feedbackOf(row.id)).toEqual([]);
  });

  it('feedback is written once however often it is recorded', async () => {
    const row = await insertDecision(harness.db, projectId);
    const feedback = { decision: { id: row.id, projectId, text: row.text, label: 'negative', goldLabel: null }, reviewerIds: [ann.actor.userId], isUniformSample: false };
    const first = await harness.db.transaction((tx) => recordDecisionFeedback(tx, feedback));
    const again = await harness.db.transaction((tx) => recordDecisionFeedback(tx, feedback));
    expect(first?.isCreated).toBe(true);
    expect(again).toEqual({ itemId: first!.itemId, isCreated: false });
    expect(await feedbackOf(row.id)).toHaveLength(1);
    const count = await harness.db.execute<{ n: number | string }>(sql`select count(*) as n from annotations where item_id = ${first!.itemId}`);
    expect(Number(count.rows[0]!.n)).toBe(1);
  });
});

/** Every number anywhere in a value: a blind case must carry the model's probability in no field (matching the JSON text also hit ids and times). */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(numbersIn);
}
