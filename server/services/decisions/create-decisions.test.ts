import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionLog, decisions, thresholdCertificates } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { approveTestCertificate, createProjectWithModel, setDecisionPolicy } from '@/server/testing/decision-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { verifyDecisionLog } from './append-decision-log';
import { loadCasePredictor } from './case-predictor';
import { createDecision, createDecisions, type TCreatedDecision } from './create-decisions';
import { notifyDecisionsChanged } from './decision-events';
import { ZDecisionBatch, ZDecisionCase } from './decision-request';
import { getDecision } from './get-decision';
import { listDecisions } from './list-decisions';

describe('creating and reading decisions', () => {
  let harness: TTestHarness;
  let owner: TActor;
  let projectId: number;
  let bareProjectId: number;
  const text = 'claim your free prize now, limited offer';

  beforeAll(async () => {
    harness = await createTestHarness();
    owner = await harness.createUser('Owner', 'admin');
    ({ projectId } = await createProjectWithModel(harness, owner, 'decide'));
    bareProjectId = (await harness.createProjectAs(owner, 'bare')).id;
  }, 300_000);
  afterAll(async () => {
    await harness.close();
  });

  const countLog = async (decisionId: string, event: string) =>
    (await harness.db.select().from(decisionLog).where(and(eq(decisionLog.decisionId, decisionId), eq(decisionLog.event, event)))).length;

  describe('routing', () => {
    it('lets the model decide above the threshold and records why, with the model and its hash', async () => {
      const predicted = (await loadCasePredictor(harness.db, projectId))!.predict([text])[0]!;
      await setDecisionPolicy(harness.db, projectId, { auditShare: 0 });
      const certificateId = await approveTestCertificate(harness.db, projectId, { threshold: predicted.probability });
      const { decision, isReplay } = await createDecision(harness.db, owner, projectId, { text });
      expect(isReplay).toBe(false);
      expect(decision).toMatchObject({ status: 'decided', route: 'auto', routeReason: 'above_threshold', label: predicted.label, decidedBy: 'model', threshold: predicted.probability });
      expect(decision.prediction).toMatchObject({ label: predicted.label, modelHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(decision.prediction!.probability).toBeCloseTo(predicted.probability, 6);
      // The certificate travels with the decision: what was accepted, on what evidence, for which model.
      expect(decision.certificate).toMatchObject({ certificateId, alpha: 0.05, delta: 0.05, n: 300, k: 0, upperBound: 0.01, modelHash: decision.prediction!.modelHash });
      expect([await countLog(decision.id, 'received'), await countLog(decision.id, 'decided')]).toEqual([1, 1]);
    });

    it('sends the case to people below the threshold, without a certificate, and under each escalation rule', async () => {
      const predicted = (await loadCasePredictor(harness.db, projectId))!.predict([text])[0]!;
      const above = { threshold: 0.5 };
      const cases: [Parameters<typeof setDecisionPolicy>[2], Parameters<typeof approveTestCertificate>[2] | null, Parameters<typeof createDecision>[3], string][] = [
        [{}, { threshold: Math.min(1, predicted.probability + 1e-4) }, { text }, 'below_threshold'],
        [{}, { threshold: null }, { text }, 'no_threshold'],
        [{}, null, { text }, 'not_certified'],
        [{ escalateLabels: [predicted.label] }, above, { text }, 'escalate_label'],
        [{ escalateLabels: [], escalateMetadata: [{ key: 'tier', equals: 'vip' }] }, above, { text, metadata: { tier: 'vip' } }, 'escalate_metadata'],
        [{ escalateMetadata: [], escalatePayloadBytes: 10 }, above, { text, payload: { action: 'refund', amount: 1000 } }, 'escalate_payload_size'],
        [{ escalatePayloadBytes: null, mode: 'human_only' }, above, { text }, 'human_only'],
        [{ mode: 'human_in_the_loop', stopped: true }, above, { text }, 'stopped'],
      ];
      for (const [policy, certificate, entry, reason] of cases) {
        await setDecisionPolicy(harness.db, projectId, policy);
        await harness.db.update(thresholdCertificates).set({ status: 'retired' }).where(eq(thresholdCertificates.projectId, projectId));
        if (certificate) await approveTestCertificate(harness.db, projectId, certificate);
        const { decision } = await createDecision(harness.db, owner, projectId, entry);
        expect({ reason, decision: { status: decision.status, route: decision.route, routeReason: decision.routeReason, label: decision.label } }).toEqual({
          reason,
          decision: { status: 'pending', route: 'human', routeReason: reason, label: null },
        });
        expect(await countLog(decision.id, 'decided')).toBe(0);
      }
      await setDecisionPolicy(harness.db, projectId, { stopped: false, highStakesLabels: [predicted.label], highStakesApprovals: 3, mode: 'human_on_the_loop', auditShare: 1 });
      const { decision: onTheLoop } = await createDecision(harness.db, owner, projectId, { text });
      expect(onTheLoop).toMatchObject({ route: 'auto', routeReason: 'on_the_loop', audit: true, requiredApprovals: 1 });
      await setDecisionPolicy(harness.db, projectId, { mode: 'human_only' });
      const { decision: highStakes } = await createDecision(harness.db, owner, projectId, { text });
      expect(highStakes).toMatchObject({ route: 'human', requiredApprovals: 3 });
      await setDecisionPolicy(harness.db, projectId, { mode: 'human_in_the_loop', highStakesLabels: [], auditShare: 0 });
    });

    it('sends every case to people when the project has no model', async () => {
      const { decision } = await createDecision(harness.db, owner, bareProjectId, { text });
      expect(decision).toMatchObject({ route: 'human', routeReason: 'no_model', prediction: null, status: 'pending' });
    });
  });

  describe('idempotency', () => {
    it('makes one decision and one log entry for ten concurrent retries with the same key', async () => {
      const entry = { text: 'a retried case', idempotencyKey: 'retry-1', metadata: { order: 42 } };
      const results = await Promise.all(Array.from({ length: 10 }, () => createDecision(harness.db, owner, projectId, entry)));
      const ids = new Set(results.map((r) => r.decision.id));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => !r.isReplay)).toHaveLength(1);
      const [id] = ids;
      expect(await countLog(id!, 'received')).toBe(1);
      const rows = await harness.db.select().from(decisions).where(and(eq(decisions.projectId, projectId), eq(decisions.idempotencyKey, 'retry-1')));
      expect(rows).toHaveLength(1);
      // A later retry, in its own transaction, is a replay too.
      expect(await createDecision(harness.db, owner, projectId, entry)).toMatchObject({ isReplay: true, decision: { id } });
    });

    it('makes one decision when the retries reach different app servers (separate transactions)', async () => {
      // Each object stands for another server's connection pool: writers gather per database object,
      // so these ten write in ten concurrent transactions and meet only at the unique key.
      const servers = Array.from({ length: 10 }, () => Object.create(harness.db) as typeof harness.db);
      const entry = { text: 'sent to every server', idempotencyKey: 'retry-across-servers' };
      const results = await Promise.all(servers.map((db) => createDecision(db, owner, projectId, entry)));
      expect(new Set(results.map((r) => r.decision.id)).size).toBe(1);
      expect(results.filter((r) => !r.isReplay)).toHaveLength(1);
      expect(await countLog(results[0]!.decision.id, 'received')).toBe(1);
      expect((await verifyDecisionLog(harness.db, projectId)).break).toBeNull();
    });

    it('refuses the same key with another request, and lets the rest of a batch through', async () => {
      await createDecision(harness.db, owner, projectId, { text: 'first body', idempotencyKey: 'reused' });
      await expect(createDecision(harness.db, owner, projectId, { text: 'another body', idempotencyKey: 'reused' })).rejects.toMatchObject({ code: 'CONFLICT' });
      const results = await createDecisions(harness.db, owner, projectId, [
        { text: 'another body', idempotencyKey: 'reused' },
        { text: 'fresh', idempotencyKey: 'fresh-1' },
      ]);
      expect(results[0]).toBeInstanceOf(AppError);
      expect(results[1]).toMatchObject({ isReplay: false });
    });

    it('keeps keys per project', async () => {
      const a = await createDecision(harness.db, owner, projectId, { text: 'same', idempotencyKey: 'shared-key' });
      const b = await createDecision(harness.db, owner, bareProjectId, { text: 'same', idempotencyKey: 'shared-key' });
      expect(a.decision.id).not.toBe(b.decision.id);
    });
  });

  describe('limits', () => {
    it('bounds a batch, the payload, the metadata, the key, the callback and the deadline', () => {
      expect(ZDecisionBatch.safeParse({ cases: [] }).success).toBe(false);
      expect(ZDecisionBatch.safeParse({ cases: Array.from({ length: 1001 }, () => ({ text: 'x' })) }).success).toBe(false);
      expect(ZDecisionBatch.safeParse({ cases: Array.from({ length: 1000 }, () => ({ text: 'x' })) }).success).toBe(true);
      const bad = [
        { text: '' },
        { text: 'x', payload: { blob: 'y'.repeat(70 * 1024) } },
        { text: 'x', payload: JSON.parse('['.repeat(40) + ']'.repeat(40)) },
        { text: 'x', metadata: { nested: { a: 1 } } },
        { text: 'x', metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
        { text: 'x', idempotencyKey: 'k'.repeat(201) },
        { text: 'x', callbackUrl: 'ftp://example.com/hook' },
        { text: 'x', callbackUrl: 'https://user:secret@example.com/hook' },
        { text: 'x', deadline: new Date(Date.now() - 1000).toISOString() },
        { text: 'x', deadline: new Date(Date.now() + 400 * 86_400_000).toISOString() },
        { text: 'x', unknown: true },
      ];
      for (const entry of bad) expect({ entry, ok: ZDecisionCase.safeParse(entry).success }).toEqual({ entry, ok: false });
      expect(ZDecisionCase.safeParse({ text: 'x', payload: { a: [1, 'b', null] }, metadata: { a: 'b', n: 1 }, idempotencyKey: 'k-1', callbackUrl: 'https://example.com/h', deadline: new Date(Date.now() + 3600_000).toISOString() }).success).toBe(true);
    });

    it("refuses a text over the project's limit", async () => {
      await expect(createDecision(harness.db, owner, projectId, { text: 'x'.repeat(100_001) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(createDecisions(harness.db, owner, projectId, Array.from({ length: 1001 }, () => ({ text: 'x' })))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('writes a batch of 1,000 in order, with an intact log', async () => {
      await approveTestCertificate(harness.db, projectId, { threshold: 0.5 });
      const results = await createDecisions(harness.db, owner, projectId, Array.from({ length: 1000 }, (_, i) => ({ text: `case number ${i}`, metadata: { i } })));
      expect(results.every((r) => !(r instanceof AppError) && !r.isReplay)).toBe(true);
      expect(results.map((r) => (r as TCreatedDecision).decision.metadata.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect((await verifyDecisionLog(harness.db, projectId)).break).toBeNull();
    });
  });

  describe('reading', () => {
    it('finds a decision only in its own project', async () => {
      const { decision } = await createDecision(harness.db, owner, projectId, { text: 'to read' });
      expect((await getDecision(harness.db, projectId, decision.id)).id).toBe(decision.id);
      await expect(getDecision(harness.db, bareProjectId, decision.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(getDecision(harness.db, projectId, 'dec_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('long-polls: returns when the decision changes, and pending at the timeout', async () => {
      await setDecisionPolicy(harness.db, projectId, { mode: 'human_only' });
      const { decision } = await createDecision(harness.db, owner, projectId, { text: 'waiting for a person' });
      let started = performance.now();
      const pending = await getDecision(harness.db, projectId, decision.id, { waitSeconds: 1 });
      expect(pending.status).toBe('pending');
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      started = performance.now();
      const waiting = getDecision(harness.db, projectId, decision.id, { waitSeconds: 30 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await harness.db.update(decisions).set({ status: 'decided', label: 'ham', outcomeReason: 'reviewer', decidedAt: new Date() }).where(eq(decisions.id, decision.id));
      await notifyDecisionsChanged(harness.db, [decision.id]);
      expect(await waiting).toMatchObject({ status: 'decided', label: 'ham' });
      expect(performance.now() - started).toBeLessThan(900);
      // Settled elsewhere (no notification here): the once-a-second re-read finds it.
      const { decision: other } = await createDecision(harness.db, owner, projectId, { text: 'settled by another server' });
      const polled = getDecision(harness.db, projectId, other.id, { waitSeconds: 30 });
      await harness.db.update(decisions).set({ status: 'rejected', outcomeReason: 'reviewer' }).where(eq(decisions.id, other.id));
      expect(await polled).toMatchObject({ status: 'rejected' });
      // The caller left: the wait ends.
      const controller = new AbortController();
      const { decision: third } = await createDecision(harness.db, owner, projectId, { text: 'nobody waits' });
      started = performance.now();
      const abandoned = getDecision(harness.db, projectId, third.id, { waitSeconds: 30, signal: controller.signal });
      controller.abort();
      expect((await abandoned).status).toBe('pending');
      expect(performance.now() - started).toBeLessThan(900);
      await setDecisionPolicy(harness.db, projectId, { mode: 'human_in_the_loop' });
    });

    it('lists newest first with filters and a cursor that neither repeats nor skips', async () => {
      const all = await listDecisions(harness.db, projectId, { limit: 500 });
      const [{ n }] = (await harness.db.execute<{ n: number }>(sql`select count(*)::int as n from decisions where project_id = ${projectId}`)).rows as [{ n: number }];
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listDecisions(harness.db, projectId, { limit: 37, cursor });
        seen.push(...page.decisions.map((d) => d.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(n);
      expect(new Set(seen).size).toBe(n);
      expect(seen.slice(0, all.decisions.length)).toEqual(all.decisions.map((d) => d.id));
      const pending = await listDecisions(harness.db, projectId, { status: 'pending', route: 'human', limit: 500 });
      expect(pending.decisions.length).toBeGreaterThan(0);
      expect(pending.decisions.every((d) => d.status === 'pending' && d.route === 'human')).toBe(true);
      const future = await listDecisions(harness.db, projectId, { since: new Date(Date.now() + 60_000).toISOString(), limit: 10 });
      expect(future.decisions).toEqual([]);
      await expect(listDecisions(harness.db, projectId, { limit: 10, cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
});
