import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, projectLabels, type TStructuredValue } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { generateRatingsJsonl } from './ratings-export';
import { refreshQualitySnapshot } from './refresh';
import { getQualityReport } from './report';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * The ratings download of a multi-label and of a spans project, run through `npx quorum agreement`
 * with the options the page shows, prints the report's section exactly. Each project has what the
 * download must get right: a rejected answer, two annotators of one name, an archived label, an
 * answer newer than the report; spans also an emoji before a span (UTF-16 offsets) and an item
 * left with one counted answer.
 */
describe('the ratings download of multi-label and spans projects', () => {
  let harness: TTestHarness;
  let directory: string;
  beforeAll(async () => {
    harness = await createTestHarness();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-ratings-'));
  });
  afterAll(async () => {
    fs.rmSync(directory, { recursive: true, force: true });
    await harness.close();
  });

  /** Three annotators, two of them named Ann, each answering every item through the queue. */
  async function createProject(slug: string, labels: string[], taskType: 'multi_label' | 'spans') {
    const owner = await harness.createUser('Owner', 'manager');
    const annotators = [await harness.createUser('Ann'), await harness.createUser('Ann'), await harness.createUser('Bob')];
    const project = await harness.createProjectAs(owner, slug, labels, { taskType });
    for (const annotator of annotators) await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, overlap: 3 });
    return { projectId: project.id, annotators, labelIds: await getLabelIds(harness.db, project.id) };
  }

  async function answerEverything(projectId: number, annotators: TActor[], answerOf: (annotator: number, itemId: number) => TStructuredValue) {
    for (const [a, actor] of annotators.entries()) {
      for (let task = await leaseNextItem(harness.db, actor, { projectId }); task; task = await leaseNextItem(harness.db, actor, { projectId })) {
        await submitAnnotation(harness.db, actor, { projectId, itemId: task.itemId, value: answerOf(a, task.itemId), clientId: randomUUID() });
      }
    }
  }

  async function rejectAnswers(itemId: number, annotatorIds: string[]) {
    await harness.db
      .update(annotations)
      .set({ status: 'rejected' })
      .where(and(eq(annotations.itemId, itemId), inArray(annotations.annotatorId, annotatorIds)));
  }

  async function archiveLabel(labelId: number) {
    await harness.db.update(projectLabels).set({ archivedAt: new Date() }).where(eq(projectLabels.id, labelId));
  }

  async function download(projectId: number): Promise<{ file: string; lines: Record<string, unknown>[] }> {
    let text = '';
    for await (const chunk of generateRatingsJsonl(harness.db, projectId)) text += chunk;
    const file = path.join(directory, `${projectId}-ratings.jsonl`);
    fs.writeFileSync(file, text);
    return { file, lines: text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  function runAgreement(file: string, options: readonly string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['bin/quorum.js', 'agreement', file, ...options], { cwd: ROOT }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
      );
    });
  }

  it('multi-label: one {"item","annotator","labels"} line per counted answer, and the CLI prints the report’s section', async () => {
    const { projectId, annotators, labelIds } = await createProject('sets-download', ['sports', 'politics', 'tech', 'weather'], 'multi_label');
    const [sports, politics, tech, weather] = labelIds as [number, number, number, number];
    const itemIds = await seedItems(harness.db, projectId, [{}, {}, {}, {}, {}]);
    // Per item, the three annotators' sets.
    const sets: number[][][] = [
      [[sports, politics], [sports, politics], [sports]],
      [[tech], [tech, weather], [tech]],
      [[], [], [politics]],
      [[politics, tech], [politics], [politics, tech]],
      [[weather], [sports], [weather]],
    ];
    await answerEverything(projectId, annotators, (a, itemId) => ({ labelIds: sets[itemIds.indexOf(itemId)]![a]! }));
    await rejectAnswers(itemIds[4]!, [annotators[1]!.userId]);
    await archiveLabel(weather);
    if ((await refreshQualitySnapshot(harness.db, projectId)).state !== 'done') throw new Error('busy');
    // Newer than the report: neither in it nor in its download.
    const [late] = await seedItems(harness.db, projectId, [{}]);
    await submitAnnotation(harness.db, annotators[0]!, { projectId, itemId: late!, value: { labelIds: [sports] }, clientId: randomUUID() });

    const { snapshot, agreementCliOptions } = await getQualityReport(harness.db, projectId);
    const section = snapshot!.multiLabel!;
    expect(section).toMatchObject({ items: 5, annotators: 3, answers: 14, labels: ['sports', 'politics', 'tech', 'weather'] });
    expect(agreementCliOptions).toEqual(['--categories', 'sports,politics,tech,weather', '--bootstrap', '1000', '--seed', '1']);

    const { file, lines } = await download(projectId);
    expect(lines).toHaveLength(14);
    expect(lines[0]).toEqual({ item: String(itemIds[0]), annotator: expect.stringMatching(/^Ann \([12]\)$/), labels: ['sports', 'politics'] });
    expect(new Set(lines.map((line) => line.annotator))).toEqual(new Set(['Ann (1)', 'Ann (2)', 'Bob']));
    expect(lines.some((line) => line.item === String(late))).toBe(false);
    expect(await runAgreement(file, agreementCliOptions!)).toEqual(section);
  }, 60_000);

  it('spans: one {"item","annotator","text","spans"} line per compared answer, offsets in UTF-16 code units, and the CLI prints the report’s section', async () => {
    const { projectId, annotators, labelIds } = await createProject('spans-download', ['PER', 'LOC', 'ORG'], 'spans');
    const [per, loc, org] = labelIds as [number, number, number];
    const texts = ['Ann met Bob in Paris today', '😀 Zoe flew to Oslo with Acme', 'New York is big', 'Rome'];
    const itemIds = await seedItems(harness.db, projectId, texts.map((text) => ({ text })));
    const span = (text: string, word: string, labelId: number) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length, labelId });
    const [one, two, three, four] = texts as [string, string, string, string];
    const answers: { start: number; end: number; labelId: number }[][][] = [
      [[span(one, 'Ann', per), span(one, 'Paris', loc)], [span(one, 'Ann', per), span(one, 'Bob', per)], [span(one, 'Ann', per), span(one, 'Bob', per), span(one, 'Paris', loc)]],
      [[span(two, 'Zoe', per), span(two, 'Oslo', loc), span(two, 'Acme', org)], [span(two, 'Zoe', per), span(two, 'Oslo', loc)], [span(two, 'Oslo', loc), span(two, 'Acme', org)]],
      [[span(three, 'New York', loc)], [span(three, 'York', loc)], [span(three, 'New York', loc)]],
      [[span(four, 'Rome', loc)], [span(four, 'Rome', loc)], [span(four, 'Rome', org)]],
    ];
    await answerEverything(projectId, annotators, (a, itemId) => ({ spans: answers[itemIds.indexOf(itemId)]![a]! }));
    // Two of Rome's three answers rejected: one counted answer compares with nothing.
    await rejectAnswers(itemIds[3]!, [annotators[0]!.userId, annotators[1]!.userId]);
    await archiveLabel(org);
    if ((await refreshQualitySnapshot(harness.db, projectId)).state !== 'done') throw new Error('busy');
    const [late] = await seedItems(harness.db, projectId, [{ text: 'Lima' }]);
    for (const annotator of annotators.slice(0, 2)) {
      await submitAnnotation(harness.db, annotator, { projectId, itemId: late!, value: { spans: [{ start: 0, end: 4, labelId: loc }] }, clientId: randomUUID() });
    }

    const { snapshot, agreementCliOptions } = await getQualityReport(harness.db, projectId);
    const section = snapshot!.spans!;
    expect(section).toMatchObject({ items: 3, annotators: 3, answers: 9 });
    expect(section.perLabel.map((row) => row.label)).toEqual(['PER', 'LOC', 'ORG']);
    // Span agreement has no bootstrap: the labels are all the command needs.
    expect(agreementCliOptions).toEqual(['--categories', 'PER,LOC,ORG']);

    const { file, lines } = await download(projectId);
    expect(lines).toHaveLength(9);
    expect(lines.some((line) => line.item === String(itemIds[3]) || line.item === String(late))).toBe(false);
    // The emoji takes two UTF-16 code units: "Zoe" starts at 3 (2 in code points).
    expect(lines.find((line) => line.item === String(itemIds[1]))).toEqual({
      item: String(itemIds[1]),
      annotator: expect.stringMatching(/^Ann \([12]\)$/),
      text: two,
      spans: [
        { start: 3, end: 6, label: 'PER' },
        { start: 15, end: 19, label: 'LOC' },
        { start: 25, end: 29, label: 'ORG' },
      ],
    });
    expect(await runAgreement(file, agreementCliOptions!)).toEqual(section);
  }, 60_000);
});
