import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionLog, decisions, webhookDeliveries } from '@/db/schema';
import { insertDecision, insertTestCertificate, setDecisionPolicy, setDecisionWebhookUrl } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { verifyDecisionLog } from './append-decision-log';
import type { TDecisionPolicy } from './decision-policy';
import { expireDecisions } from './expire-decisions';

describe('deadline sweep', () => {
  let harness: TTestHarness;
  let owner: Awaited<ReturnType<TTestHarness['createUser']>>;
  const past = () => new Date(Date.now() - 60_000);

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
  });
  afterAll(() => harness.close());

  async function projectWith(slug: string, policy: Partial<TDecisionPolicy>) {
    const { id } = await harness.createProjectAs(owner, slug);
    await setDecisionPolicy(harness.db, id, policy);
    await setDecisionWebhookUrl(harness.db, id, `https://receiver.test/${slug}`);
    return id;
  }
  const read = async (id: string) => (await harness.db.select().from(decisions).where(eq(decisions.id, id)))[0]!;
  const eventsOf = async (id: string) => (await harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.decisionId, id))).map((delivery) => delivery.eventType);
  const deadlineEntries = async (id: string) =>
    (await harness.db.select({ event: decisionLog.event, body: decisionLog.body }).from(decisionLog).where(eq(decisionLog.decisionId, id))).filter((entry) => entry.event === 'deadline');

  it('applies each deadline action once, with its reason code in the row, the record and the webhook', async () => {
    const reject = await projectWith('deadline-reject', { deadlineAction: 'reject' });
    const escalate = await projectWith('deadline-escalate', { deadlineAction: 'escalate' });
    const model = await projectWith('deadline-model', { deadlineAction: 'model', deadlineThreshold: 0.55 });
    const pending = await projectWith('deadline-pending', { deadlineAction: 'pending' });
    const rejected = await insertDecision(harness.db, reject, { deadline: past() });
    const escalated = await insertDecision(harness.db, escalate, { deadline: past() });
    const { id: certificateId } = await insertTestCertificate(harness.db, model, { status: 'approved' });
    const confident = await insertDecision(harness.db, model, { deadline: past(), probability: 0.6, certificateId });
    const unsure = await insertDecision(harness.db, model, { deadline: past(), probability: 0.5, certificateId });
    const uncertified = await insertDecision(harness.db, model, { deadline: past(), probability: 0.9 });
    const waiting = await insertDecision(harness.db, pending, { deadline: past() });
    const notYet = await insertDecision(harness.db, reject, { deadline: new Date(Date.now() + 3_600_000) });
    const noDeadline = await insertDecision(harness.db, reject);

    expect(await expireDecisions(harness.db)).toEqual({ handled: 6 });

    expect(await read(rejected.id)).toMatchObject({ status: 'rejected', outcomeReason: 'deadline_reject', label: null });
    expect(await eventsOf(rejected.id)).toEqual(['decision.expired']);
    expect(await read(escalated.id)).toMatchObject({ status: 'pending', escalationLevel: 1, outcomeReason: 'deadline_escalate' });
    expect(await eventsOf(escalated.id)).toEqual(['decision.escalated']);
    expect(await read(confident.id)).toMatchObject({ status: 'decided', label: 'positive', outcomeReason: 'deadline_model', decidedBy: null });
    const [delivery] = await harness.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.decisionId, confident.id));
    expect(delivery).toMatchObject({ eventType: 'decision.decided', payload: { data: { decidedBy: 'deadline', outcomeReason: 'deadline_model' } } });
    expect(await read(unsure.id)).toMatchObject({ status: 'rejected', outcomeReason: 'deadline_model_unsure' });
    expect(await eventsOf(unsure.id)).toEqual(['decision.expired']);
    expect(await read(uncertified.id)).toMatchObject({ status: 'rejected', outcomeReason: 'deadline_model_uncertified' });
    expect(await read(waiting.id)).toMatchObject({ status: 'pending', escalationLevel: 0 });
    expect((await read(waiting.id)).deadlineHandledAt).not.toBeNull();
    expect(await eventsOf(waiting.id)).toEqual([]);
    for (const [row, reason] of [
      [rejected, 'deadline_reject'],
      [escalated, 'deadline_escalate'],
      [confident, 'deadline_model'],
      [unsure, 'deadline_model_unsure'],
      [waiting, 'deadline_pending'],
    ] as const) {
      expect((await deadlineEntries(row.id)).map((entry) => (entry.body as { reason: string }).reason)).toEqual([reason]);
    }
    expect((await read(notYet.id)).deadlineHandledAt).toBeNull();
    expect((await read(noDeadline.id)).deadlineHandledAt).toBeNull();

    // Once each: a second sweep finds nothing, and the escalated and still-pending cases stay with people.
    expect(await expireDecisions(harness.db)).toEqual({ handled: 0 });
    expect(await deadlineEntries(escalated.id)).toHaveLength(1);
    for (const projectId of [reject, escalate, model, pending]) expect((await verifyDecisionLog(harness.db, projectId)).break).toBeNull();
  });

  it('works a backlog off in bounded batches, and concurrent sweeps handle each case once', async () => {
    const projectId = await projectWith('deadline-backlog', { deadlineAction: 'reject' });
    const rows = [];
    for (let i = 0; i < 12; i++) rows.push(await insertDecision(harness.db, projectId, { deadline: past() }));
    expect(await expireDecisions(harness.db, { limit: 5 })).toEqual({ handled: 5 });
    const sweeps = await Promise.all([expireDecisions(harness.db, { limit: 4 }), expireDecisions(harness.db, { limit: 4 }), expireDecisions(harness.db, { limit: 4 })]);
    expect(sweeps.reduce((sum, sweep) => sum + sweep.handled, 0)).toBe(7);
    const ids = rows.map((row) => row.id);
    const entries = await harness.db.select({ event: decisionLog.event }).from(decisionLog).where(inArray(decisionLog.decisionId, ids));
    expect(entries.filter((entry) => entry.event === 'deadline')).toHaveLength(12);
    expect((await harness.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.decisionId, ids))).length).toBe(12);
  });
});
