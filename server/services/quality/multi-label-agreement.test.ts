import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { modelVersions } from '@/db/schema';
import { refreshQualitySnapshot } from './refresh';
import { getQualityReport } from './report';

describe('quality report of a multi-label project', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('reports agreement on the label sets, without counting them as single labels', async () => {
    const owner = await harness.createUser('Owner', 'manager');
    const ann = await harness.createUser('Ann');
    const bob = await harness.createUser('Bob');
    const project = await harness.createProjectAs(owner, 'multi-quality', ['sports', 'politics', 'tech'], { taskType: 'multi_label' });
    for (const annotator of [ann, bob]) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, overlap: 2 });
    const [s, p, t] = (await getLabelIds(harness.db, project.id)) as [number, number, number];
    const itemIds = await seedItems(harness.db, project.id, [{}, {}, {}, {}]);
    // Item by item: {s,p}={s,p}, {t}={t}, {}={}, {p}≠{p,t}.
    const sets: Record<number, [number[], number[]]> = { [itemIds[0]!]: [[s, p], [p, s]], [itemIds[1]!]: [[t], [t]], [itemIds[2]!]: [[], []], [itemIds[3]!]: [[p], [p, t]] };
    for (const [index, actor] of [ann, bob].entries()) {
      for (let task = await leaseNextItem(harness.db, actor, { projectId: project.id }); task; task = await leaseNextItem(harness.db, actor, { projectId: project.id })) {
        await submitAnnotation(harness.db, actor, { projectId: project.id, itemId: task.itemId, value: { labelIds: sets[task.itemId]![index]! }, clientId: randomUUID() });
      }
    }
    const outcome = await refreshQualitySnapshot(harness.db, project.id);
    if (outcome.state !== 'done') throw new Error('busy');
    const report = outcome.snapshot.multiLabel!;
    expect(report).toMatchObject({ items: 4, annotators: 2, answers: 8, emptyAnswers: 2 });
    // Three of the four pairs gave the very same set.
    expect(report.exactMatchAgreement.value).toBeCloseTo(0.75, 10);
    // Only tech is ever disputed: sports and politics agree on every item.
    const byLabel = new Map(report.perLabel.map((row) => [row.label, row]));
    expect(byLabel.get('sports')?.percentAgreement.value).toBe(1);
    expect(byLabel.get('tech')?.percentAgreement.value).toBeCloseTo(0.75, 10);
    // By hand, over the 8 answers A={s,p}×2, B={t}×2, E={}×2, C={p}, D={p,t}: the only disagreement is C–D.
    // MASI: d(C,D) = 1 − ½·⅔ = ⅔, so Do = (2·⅔)/8 = 1/6; the ordered pair distances over all answers sum to
    // 416/9, so De = (416/9)/(8·7) = 0.825397 and α = 1 − (1/6)/0.825397 = 0.798077.
    expect(report.krippendorffAlphaMasi.value).toBeCloseTo(0.798077, 5);
    // Jaccard: d(C,D) = ½, Do = 1/8; the distances sum to 43.6667, De = 0.779762, α = 1 − 0.125/0.779762 = 0.839695.
    expect(report.krippendorffAlphaJaccard.value).toBeCloseTo(0.839695, 5);
    // Annotators' micro-F1 against each other, one pair per item: shared 2 + 1 + 0 + 1 of chosen 4 + 2 + 0 + 3 → 2·4/9.
    expect(report.pairwiseMicroF1.value).toBeCloseTo(8 / 9, 10);
    expect(report.pairwiseMicroF1).toMatchObject({ ci95: [expect.any(Number), expect.any(Number)] });
    // The single-label measures see no ratings, rather than failing on answers without a label.
    expect(outcome.snapshot.agreement.ratings ?? 0).toBe(0);

    // The report draws a multi-label version's micro-F1 against the annotators' micro-F1 against each other,
    // and judges the labels on α over whole sets (MASI, 0.798: tentative).
    await harness.db.insert(modelVersions).values({
      projectId: project.id,
      version: 1,
      status: 'ready',
      kind: 'sigmoid',
      strategy: 'mean_binary_entropy',
      labelCount: 3,
      metrics: { task: 'multi_label', n: 4, microF1: { value: 0.6, ci95: [0.5, 0.7] }, macroF1: { value: 0.55, ci95: [0.4, 0.7] }, accuracy: null },
    });
    const quality = await getQualityReport(harness.db, project.id);
    expect(quality.models).toEqual([expect.objectContaining({ version: 1, metric: 'micro_f1', accuracy: { value: 0.6, ci95: [0.5, 0.7] } })]);
    expect(quality.humanBand).toMatchObject({ kind: 'pairwise_micro_f1', annotators: 2 });
    expect(quality.humanBand!.mean).toBeCloseTo(8 / 9, 10);
    expect(quality.verdicts.model).toMatchObject({ level: 'below', version: 1 });
    expect(quality.verdicts.labels).toMatchObject({ level: 'tentative' });
    expect(quality.verdicts.labels!.alpha).toBeCloseTo(0.798077, 5);
  });
});
