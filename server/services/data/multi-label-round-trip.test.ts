import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, items, predictions } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { EXPORT_FORMATS } from '@/server/export';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { decideItem } from '@/server/services/review/review';
import { reimportExport } from '@/server/testing/export-round-trip';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, setQueueSettings } from '@/server/testing/queue-fixtures';
import { readExportPages } from './export-project';
import { importItems } from './import-items';

const LABELS = ['sports', 'politics', 'tech'];

/** Multi-label sets travel through every import and export format, "none of these" included. */
describe('multi-label import and export', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let ann: TActor;
  let bob: TActor;
  let sourceId: number;

  async function snapshot(projectId: number) {
    const result = [];
    for await (const page of readExportPages(harness.db, projectId, 'all')) {
      for (const item of page) {
        result.push({
          externalId: item.externalId,
          goldLabel: item.goldLabel,
          finalLabel: item.finalLabel,
          finalLabelSource: item.finalLabelSource,
          annotations: item.annotations.map((a) => ({ annotator: a.annotator.name, labels: a.labels })),
          prediction: item.prediction,
        });
      }
    }
    return result.sort((a, b) => (a.externalId ?? '').localeCompare(b.externalId ?? ''));
  }

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    ann = await harness.createUser('Ann');
    bob = await harness.createUser('Bob');
    sourceId = (await harness.createProjectAs(admin, 'multi-source', LABELS, { taskType: 'multi_label' })).id;
    for (const annotator of [ann, bob]) await harness.addToProject(sourceId, annotator, 'annotator');
    // Gold answers stay hidden (no gold checks), so the annotators' sets decide the items.
    await setQueueSettings(harness.db, sourceId, { ...PLAIN_QUEUE_SETTINGS, overlap: 2, goldCheckShare: 0 });
    // A gold set as a JSON list, as names separated by "|", and the empty set; one item without gold.
    const csv = ['id,text,label', 'a,match report and a vote,"[""sports"",""politics""]"', 'b,new phone,tech', 'c,weather,[]', 'd,chip tariffs,politics|tech', 'e,plain text,'].join('\n');
    const imported = await importItems(harness.db, admin, sourceId, `${csv}\n`, { format: 'csv', mapping: { textField: 'text', labelField: 'label', idField: 'id' } });
    expect(imported).toMatchObject({ status: 'succeeded', itemsCreated: 5 });
    const [sports, politics, tech] = (await getLabelIds(harness.db, sourceId)) as [number, number, number];
    // Both annotators label every item; they disagree on one, which a reviewer decides.
    const answers: Record<string, number[][]> = { a: [[sports, politics], [sports, politics]], b: [[tech], [tech]], c: [[], []], d: [[politics], [politics, tech]], e: [[sports], [sports]] };
    for (const [index, actor] of [ann, bob].entries()) {
      for (;;) {
        const task = await leaseNextItem(harness.db, actor, { projectId: sourceId });
        if (!task) break;
        const [item] = await harness.db.select({ externalId: items.externalId }).from(items).where(eq(items.id, task.itemId));
        await submitAnnotation(harness.db, actor, { projectId: sourceId, itemId: task.itemId, value: { labelIds: answers[item!.externalId!]![index]! }, clientId: randomUUID() });
      }
    }
    const [disputed] = await harness.db.select().from(items).where(eq(items.externalId, 'd'));
    expect(disputed).toMatchObject({ status: 'in_review', finalValue: null });
    await decideItem(harness.db, admin, { projectId: sourceId, itemId: disputed!.id, value: { labelIds: [tech, politics] } });
    // A model's predicted set (as a multi-label version stores it, with its per-label probabilities).
    const [predicted] = await harness.db.select({ id: items.id }).from(items).where(eq(items.externalId, 'b'));
    await harness.db.insert(predictions).values({
      projectId: sourceId,
      itemId: predicted!.id,
      externalModelVersion: 'topics-v1',
      value: { labelIds: [sports, tech], probabilities: { [sports]: 0.61, [politics]: 0.08, [tech]: 0.93 } },
      score: 0.57,
    });
  }, 120_000);
  afterAll(() => harness.close());

  it('reads gold sets in every written form and stores the answers as sets', async () => {
    const [sports, politics, tech] = (await getLabelIds(harness.db, sourceId)) as [number, number, number];
    const rows = await harness.db.select().from(items).where(eq(items.projectId, sourceId)).orderBy(asc(items.externalId));
    expect(rows.map((row) => row.goldValue)).toEqual([{ labelIds: [sports, politics] }, { labelIds: [tech] }, { labelIds: [] }, { labelIds: [politics, tech] }, null]);
    expect(rows.map((row) => row.finalValue)).toEqual([{ labelIds: [sports, politics] }, { labelIds: [tech] }, { labelIds: [] }, { labelIds: [politics, tech] }, { labelIds: [sports] }]);
    expect(rows.every((row) => row.goldLabelId === null && row.finalLabelId === null)).toBe(true);
    expect(await harness.db.select().from(annotations).where(eq(annotations.projectId, sourceId))).toHaveLength(10);
    const snap = await snapshot(sourceId);
    expect(snap.find((item) => item.externalId === 'd')).toMatchObject({ goldLabel: ['politics', 'tech'], finalLabel: ['politics', 'tech'], finalLabelSource: 'review' });
    expect(snap.find((item) => item.externalId === 'b')?.prediction).toEqual({ modelVersion: 'topics-v1', label: ['sports', 'tech'], score: 0.57 });
    expect(snap.find((item) => item.externalId === 'c')?.annotations).toEqual([
      { annotator: 'Ann', labels: [] },
      { annotator: 'Bob', labels: [] },
    ]);
  });

  // spaCy JSONL carries spans only (span-round-trip.test.ts).
  for (const format of EXPORT_FORMATS.filter((name) => name !== 'spacy')) {
    it(`brings every set back through ${format}`, async () => {
      const target = await harness.createProjectAs(admin, `multi-${format}`, LABELS, { taskType: 'multi_label' });
      const { result } = await reimportExport(harness, admin, { sourceId, targetId: target.id, format });
      expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 5, annotationsCreated: 10, rowsRejected: 0 });
      expect(await snapshot(target.id)).toEqual(await snapshot(sourceId));
    });
  }

  it('reads a Label Studio file with several choices per annotation, and refuses an unknown label', async () => {
    const target = await harness.createProjectAs(admin, 'multi-ls', LABELS, { taskType: 'multi_label' });
    const choices = (labels: string[]) => [{ from_name: 'topics', to_name: 'text', type: 'choices', value: { choices: labels } }];
    const tasks = [
      { data: { text: 'derby and an election' }, annotations: [{ completed_by: { email: 'x@example.com' }, result: choices(['sports', 'politics']) }, { completed_by: { email: 'y@example.com' }, result: choices([]) }] },
    ];
    const ok = await importItems(harness.db, admin, target.id, JSON.stringify(tasks), { format: 'label-studio', mapping: { textField: 'text' } });
    expect(ok).toMatchObject({ status: 'succeeded', itemsCreated: 1, annotationsCreated: 2 });
    const stored = await harness.db.select({ value: annotations.value }).from(annotations).where(eq(annotations.projectId, target.id)).orderBy(asc(annotations.id));
    const [sports, politics] = (await getLabelIds(harness.db, target.id)) as [number, number];
    expect(stored.map((row) => row.value)).toEqual([{ labelIds: [sports, politics] }, { labelIds: [] }]);

    const bad = [{ data: { text: 'other' }, annotations: [{ completed_by: { email: 'x@example.com' }, result: choices(['sports', 'cooking']) }] }];
    const refused = await importItems(harness.db, admin, target.id, JSON.stringify(bad), { format: 'label-studio', mapping: { textField: 'text' } });
    expect(refused.status).toBe('failed');
    expect(refused.problems[0]?.reason).toContain('unknown label "cooking"');
  });
});
