import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { refreshQualitySnapshot } from './refresh';

describe('quality report of a spans project', () => {
  let harness: TTestHarness;
  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('reports span F1, token α and κ and unitizing α from the annotators’ spans, with the values computed by hand', async () => {
    const owner = await harness.createUser('Owner', 'manager');
    const ann = await harness.createUser('Ann');
    const bob = await harness.createUser('Bob');
    const project = await harness.createProjectAs(owner, 'spans-quality', ['PER', 'LOC', 'ORG'], { taskType: 'spans' });
    for (const annotator of [ann, bob]) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, overlap: 2 });
    const [per, loc] = (await getLabelIds(harness.db, project.id)) as [number, number];
    // The case of ml/spans/span-agreement-report.test.ts, through the queue.
    const one = 'Ann met Bob in Paris today';
    const two = 'New York is big';
    const [first, second] = await seedItems(harness.db, project.id, [{ text: one }, { text: two }]);
    const span = (text: string, word: string, labelId: number) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length, labelId });
    const answers: Record<string, { start: number; end: number; labelId: number }[]> = {
      [`${ann.userId}:${first}`]: [span(one, 'Ann', per), span(one, 'Paris', loc)],
      [`${bob.userId}:${first}`]: [span(one, 'Ann', per), span(one, 'Bob', per)],
      [`${ann.userId}:${second}`]: [span(two, 'New York', loc)],
      [`${bob.userId}:${second}`]: [span(two, 'York', loc)],
    };
    for (const actor of [ann, bob]) {
      for (let task = await leaseNextItem(harness.db, actor, { projectId: project.id }); task; task = await leaseNextItem(harness.db, actor, { projectId: project.id })) {
        await submitAnnotation(harness.db, actor, { projectId: project.id, itemId: task.itemId, value: { spans: answers[`${actor.userId}:${task.itemId}`]! }, clientId: randomUUID() });
      }
    }
    const outcome = await refreshQualitySnapshot(harness.db, project.id);
    if (outcome.state !== 'done') throw new Error('busy');
    const report = outcome.snapshot.spans!;
    expect(report).toMatchObject({ items: 2, annotators: 2, answers: 4, spans: 6, tokens: 10 });
    expect(report.exactF1.value).toBeCloseTo(1 / 3, 10);
    expect(report.partialF1.value).toBeCloseTo(3.5 / 6, 10);
    expect(report.tokenAlpha.value).toBeCloseTo(92 / 206, 10);
    expect(report.tokenKappa.value).toBeCloseTo(0.23 / 0.53, 10);
    expect(report.unitizingAlpha.value).toBeCloseTo(1 - 0.03 / (10.2 / 380 + 16 / 378), 10);
    expect(report.pairs.map((pair) => [pair.a, pair.b, pair.items])).toEqual([['Ann', 'Bob', 2]]);
    expect(report.perLabel.map((row) => [row.label, row.spans])).toEqual([
      ['PER', 3],
      ['LOC', 3],
    ]);
    // The single-label measures see no ratings, rather than failing on answers without a label.
    expect(outcome.snapshot.agreement.ratings ?? 0).toBe(0);
    expect(outcome.snapshot.multiLabel).toBeNull();
  });
});
