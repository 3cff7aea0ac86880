import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionReviews } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { readStreamText } from '@/server/export/byte-stream';
import { DECISION_EXPORT_COLUMNS } from '@/server/export/write-decision-records';
import { seedDecision } from '@/server/testing/decision-record-fixtures';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { readDecisionExportPages, streamDecisionExport } from './export-decisions';
import { enqueueDecisionWebhook } from './enqueue-decision-webhook';
import { getDecisionRecord } from './get-decision-record';

/** The approved certificate a decision was routed under, as the decision row keeps it (the threshold comes from here). */
const CERTIFICATE = {
  certificateId: 1,
  form: 'error',
  alpha: 0.05,
  delta: 0.05,
  threshold: 0.9,
  n: 300,
  k: 0,
  upperBound: 0.01,
  coverage: 0.5,
  calibration: { evalItems: 300, liveCases: 0, from: null, to: null, dataHash: null },
  modelHash: 'm'.repeat(64),
  approvedAt: null,
};

describe('decision record and export', () => {
  let harness: TTestHarness;
  let reviewer: TActor;
  let projectId: number;
  let humanId: string;
  let autoId: string;
  let pendingId: string;

  beforeAll(async () => {
    harness = await createTestHarness();
    const manager = await harness.createUser('Mona Manager', 'manager');
    reviewer = await harness.createUser('Rita Reviewer');
    projectId = (await harness.createProjectAs(manager, 'exports')).id;
    autoId = (await seedDecision(harness.db, projectId, { metadata: { ticket: 7 }, payload: { amount: 12.5 }, certificate: CERTIFICATE })).id;
    // A hidden gold check answered by the reviewer: the reviewers' test, in no export.
    const check = await seedDecision(harness.db, projectId, { route: 'human', routeReason: 'below_threshold', goldLabel: 'positive', decidedBy: reviewer.userId, outcomeReason: 'reviewer' });
    await harness.db.insert(decisionReviews).values({ decisionId: check.id, reviewerId: reviewer.userId, answer: 'approve', label: 'positive', inputHash: check.inputHash, suggestionShown: true });
    const human = await seedDecision(harness.db, projectId, {
      route: 'human',
      routeReason: 'below_threshold',
      probability: 0.61,
      label: 'negative',
      decidedBy: reviewer.userId,
      outcomeReason: 'override',
      text: '=HYPERLINK("http://evil.example","click")',
      callbackUrl: 'https://receiver.example/hooks',
      certificate: CERTIFICATE,
    });
    humanId = human.id;
    await harness.db.insert(decisionReviews).values({ decisionId: humanId, reviewerId: reviewer.userId, answer: 'override', label: 'negative', reason: 'sarcasm', inputHash: human.inputHash, suggestionShown: true });
    await harness.db.transaction((tx) => enqueueDecisionWebhook(tx, human, 'decision.decided', { id: humanId }));
    pendingId = (await seedDecision(harness.db, projectId, { status: 'pending', route: 'human', routeReason: 'escalate_label', label: null, decidedAt: null, outcomeReason: null })).id;
  });
  afterAll(() => harness.close());

  it('the record holds the decision, its log entries, the reviewers by name and the webhook deliveries', async () => {
    const record = await getDecisionRecord(harness.db, projectId, humanId);
    expect(record.decision).toMatchObject({ id: humanId, status: 'decided', route: 'human', decidedBy: 'human', decidedByName: 'Rita Reviewer', label: 'negative', threshold: 0.9 });
    expect(record.log.map((entry) => entry.event)).toEqual(['received', 'decided']);
    expect(record.log[1]!.prevHash).toBe(record.log[0]!.hash);
    expect(record.reviews).toEqual([expect.objectContaining({ reviewerName: 'Rita Reviewer', answer: 'override', reason: 'sarcasm', suggestionShown: true })]);
    expect(record.deliveries).toEqual([expect.objectContaining({ eventType: 'decision.decided', status: 'pending', attempts: 0, attemptLog: [] })]);
    await expect(getDecisionRecord(harness.db, projectId + 1, humanId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getDecisionRecord(harness.db, projectId, 'dec_missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('JSONL holds every field of the record and parses back', async () => {
    const lines = (await readStreamText(streamDecisionExport(harness.db, projectId, 'jsonl'))).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.id)).toEqual([autoId, humanId, pendingId]);
    for (const line of lines) expect(Object.keys(line).sort()).toEqual([...DECISION_EXPORT_COLUMNS].sort());
    expect(lines[0]).toMatchObject({
      route: 'auto',
      decided_by: 'model',
      input_hash: 'i'.repeat(64),
      model_hash: 'm'.repeat(64),
      probabilities: { positive: 0.97, negative: 0.03 },
      threshold: 0.9,
      certificate: CERTIFICATE,
      policy: { mode: 'human_in_the_loop' },
      payload: { amount: 12.5 },
      metadata: { ticket: 7 },
      webhook_status: null,
    });
    expect(lines[1]).toMatchObject({
      decided_by: 'human',
      decided_by_name: 'Rita Reviewer',
      reviews: [{ reviewer: 'Rita Reviewer', answer: 'override', label: 'negative', reason: 'sarcasm', suggestion_shown: true }],
      webhook_status: 'pending',
      webhooks: [{ event_type: 'decision.decided', url: 'https://receiver.example/hooks', attempts: 0 }],
    });
  });

  it('CSV parses back to the same records, with formula cells defused', async () => {
    const rows = parse(await readStreamText(streamDecisionExport(harness.db, projectId, 'csv')), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...DECISION_EXPORT_COLUMNS]);
    expect(rows.map((row) => row.id)).toEqual([autoId, humanId, pendingId]);
    expect(rows[1]!.text).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(JSON.parse(rows[1]!.reviews!)).toEqual([expect.objectContaining({ reviewer: 'Rita Reviewer', answer: 'override' })]);
    expect(JSON.parse(rows[0]!.probabilities!)).toEqual({ positive: 0.97, negative: 0.03 });
    expect(rows[0]).toMatchObject({ audit: 'false', probability: '0.97', threshold: '0.9', status: 'decided' });
    expect(rows[2]).toMatchObject({ status: 'pending', label: '', decided_by: '', decided_at: '' });
  });

  it('filters by status and arrival time, and pages without repeating or skipping a row (gold checks never in it)', async () => {
    const collect = async (filter: Parameters<typeof readDecisionExportPages>[2], pageSize?: number) => {
      const ids: string[] = [];
      for await (const page of readDecisionExportPages(harness.db, projectId, filter, pageSize)) ids.push(...page.map((r) => r.id));
      return ids;
    };
    expect(await collect({ status: 'pending' })).toEqual([pendingId]);
    expect(await collect({ status: 'decided' })).toEqual([autoId, humanId]);
    expect(await collect({ from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await collect({ to: new Date(Date.now() + 60_000), from: new Date(Date.now() - 60_000) })).toHaveLength(3);
    expect(await collect({}, 1)).toEqual([autoId, humanId, pendingId]);
    expect(await collect({}, 2)).toEqual([autoId, humanId, pendingId]);
  });
});
