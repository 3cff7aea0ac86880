import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, decisionLog, decisionLogHeads, decisions } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { seedDecision } from '@/server/testing/decision-record-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { appendDecisionLog, verifyDecisionLog } from './append-decision-log';
import { applyDecisionRetention, applyDecisionRetentionToAll } from './apply-decision-retention';

const DAY_MS = 86_400_000;
/** A clock 200 days ahead: what is written now is then past the 183 days the test projects keep. */
const LATER = new Date(Date.now() + 200 * DAY_MS);

describe('decision retention', () => {
  let harness: TTestHarness;
  let manager: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    manager = await harness.createUser('Mona Manager', 'manager');
  });
  afterAll(() => harness.close());

  async function createProject(slug: string) {
    const { id } = await harness.createProjectAs(manager, slug);
    await harness.callerFor(manager).project.update({ projectId: id, settings: { decisionRetentionDays: 183 } });
    return id;
  }
  const seqsOf = async (projectId: number) =>
    (await harness.db.select({ seq: decisionLog.seq, decisionId: decisionLog.decisionId }).from(decisionLog).where(eq(decisionLog.projectId, projectId)).orderBy(asc(decisionLog.seq)));

  it('removes settled decisions and a prefix of the log, stopping at a case still kept, and the rest still verifies', async () => {
    const projectId = await createProject('retention');
    const a = await seedDecision(harness.db, projectId);
    const pending = await seedDecision(harness.db, projectId, { status: 'pending', route: 'human', routeReason: 'below_threshold', label: null, decidedAt: null, outcomeReason: null });
    const b = await seedDecision(harness.db, projectId);
    // Within the retention period by the later clock: kept.
    const recent = await seedDecision(harness.db, projectId, { decidedAt: new Date(LATER.getTime() - DAY_MS) });
    expect((await seqsOf(projectId)).map((e) => e.decisionId)).toEqual([a.id, a.id, pending.id, b.id, b.id, recent.id, recent.id]);

    // Not yet due today: nothing goes.
    expect(await applyDecisionRetention(harness.db, projectId)).toMatchObject({ status: 'applied', decisionsDeleted: 0, logEntriesDeleted: 0, firstSeq: 1 });

    const outcome = await applyDecisionRetention(harness.db, projectId, LATER);
    expect(outcome).toMatchObject({ status: 'applied', decisionsDeleted: 2, logEntriesDeleted: 2, firstSeq: 3 });
    const left = await harness.db.select({ id: decisions.id }).from(decisions).where(eq(decisions.projectId, projectId));
    expect(left.map((d) => d.id).sort()).toEqual([pending.id, recent.id].sort());
    // b's entries stay: the pending case's first entry comes before them, and only a prefix may go.
    expect((await seqsOf(projectId)).map((e) => e.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(await verifyDecisionLog(harness.db, projectId)).toEqual({ entries: 5, firstSeq: 3, lastSeq: 7, break: null });

    // The chain goes on from the kept part.
    await harness.db.transaction((tx) => appendDecisionLog(tx, projectId, [{ decisionId: pending.id, event: 'decided', body: { label: 'positive' } }]));
    expect(await verifyDecisionLog(harness.db, projectId)).toEqual({ entries: 6, firstSeq: 3, lastSeq: 8, break: null });

    // Once the pending case is settled (long ago, by the later clock), the log goes up to the recent case's entries.
    await harness.db.update(decisions).set({ status: 'decided', label: 'positive', decidedAt: new Date() }).where(eq(decisions.id, pending.id));
    expect(await applyDecisionRetention(harness.db, projectId, LATER)).toMatchObject({ decisionsDeleted: 1, logEntriesDeleted: 3, firstSeq: 6 });
    expect(await verifyDecisionLog(harness.db, projectId)).toEqual({ entries: 3, firstSeq: 6, lastSeq: 8, break: null });
    // And all of it once nothing is kept.
    await harness.db.update(decisions).set({ decidedAt: new Date() }).where(eq(decisions.id, recent.id));
    expect(await applyDecisionRetention(harness.db, projectId, LATER)).toMatchObject({ decisionsDeleted: 1, logEntriesDeleted: 3, firstSeq: 9 });
    const [head] = await harness.db.select().from(decisionLogHeads).where(eq(decisionLogHeads.projectId, projectId));
    expect(head).toMatchObject({ seq: 8, firstSeq: 9, anchorHash: head!.hash });
    expect(await verifyDecisionLog(harness.db, projectId)).toEqual({ entries: 0, firstSeq: 9, lastSeq: 8, break: null });
    await harness.db.transaction((tx) => appendDecisionLog(tx, projectId, [{ decisionId: 'gone', event: 'reviewed', body: {} }]));
    expect(await verifyDecisionLog(harness.db, projectId)).toMatchObject({ entries: 1, break: null });

    const audit = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, 'decision.retention')));
    expect(audit).toHaveLength(4);
    expect(audit.every((event) => event.actorType === 'system')).toBe(true);
  });

  it('refuses to cut a log that does not verify, so tampering is never deleted away', async () => {
    const projectId = await createProject('retention-hole');
    for (let i = 0; i < 3; i++) await seedDecision(harness.db, projectId);
    await harness.db.execute(sql`alter table decision_log disable trigger decision_log_append_only`);
    try {
      await harness.db.execute(sql`delete from decision_log where project_id = ${projectId} and seq = 3`);
    } finally {
      await harness.db.execute(sql`alter table decision_log enable trigger decision_log_append_only`);
    }
    const outcome = await applyDecisionRetention(harness.db, projectId, LATER);
    expect(outcome).toMatchObject({ status: 'refused', break: { seq: 4, problem: 'sequence' } });
    expect(await harness.db.select().from(decisions).where(eq(decisions.projectId, projectId))).toHaveLength(3);
    expect(await seqsOf(projectId)).toHaveLength(5);
    const [event] = await harness.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.action, 'decision.retention')));
    expect(event?.after).toMatchObject({ status: 'refused' });
  });

  it('outside retention the log still refuses deletes', async () => {
    await expect(harness.db.execute(sql`delete from decision_log`)).rejects.toThrow();
  });

  it('runs for every project with a log', async () => {
    const outcomes = await applyDecisionRetentionToAll(harness.db, LATER);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['applied', 'refused']);
  });
});
