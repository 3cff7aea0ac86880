import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, items, predictions } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { EXPORT_FORMATS } from '@/server/export';
import { previewImport } from '@/server/import';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { decideItem } from '@/server/services/review/review';
import { readAll, reimportExport } from '@/server/testing/export-round-trip';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, setQueueSettings } from '@/server/testing/queue-fixtures';
import { readExportPages, streamProjectExport } from './export-project';
import { importItems } from './import-items';

const LABELS = ['PER', 'LOC', 'MISC'];

/** Emoji before the spans (astral, ZWJ sequences, a flag), decomposed accents, CRLF line ends. */
const TEXTS: Record<string, string> = {
  a: '👩‍👩‍👧 Zoë met José\r\nin 🇫🇷 Paris.',
  b: 'Cafe\u0301 Noe\u0308l opened in Lyon 🎉 today',
  c: 'Dr. 🧑🏽‍⚕️ Amara Okafor flew to Lagos\r\n\r\nand back',
  d: 'Nothing to see here 😴',
  e: 'Rome, then Oslo',
};
const at = (id: string, word: string, label: string, nth = 0) => {
  const text = TEXTS[id]!;
  let start = text.indexOf(word);
  for (let n = 0; n < nth; n++) start = text.indexOf(word, start + 1);
  return { start, end: start + word.length, label };
};
/** Code point offsets, as spaCy counts them. */
const toCodePoints = (id: string, span: { start: number; end: number; label: string }) => {
  const text = TEXTS[id]!;
  return { start: Array.from(text.slice(0, span.start)).length, end: Array.from(text.slice(0, span.end)).length, label: span.label };
};

/** Spans travel through every import and export format at the very same UTF-16 offsets, on both databases. */
describe('spans import and export', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let ann: TActor;
  let bob: TActor;
  let sourceId: number;
  let labelIds = new Map<string, number>();

  async function createSpansProject(slug: string, settings = {}) {
    const project = await harness.createProjectAs(admin, slug, LABELS, { taskType: 'spans' });
    await setQueueSettings(harness.db, project.id, { ...PLAIN_QUEUE_SETTINGS, goldCheckShare: 0, ...settings });
    return project.id;
  }

  async function snapshot(projectId: number) {
    const result = [];
    for await (const page of readExportPages(harness.db, projectId, 'all')) {
      for (const item of page) {
        result.push({
          externalId: item.externalId,
          text: item.text,
          metadata: item.metadata,
          goldLabel: item.goldLabel,
          finalLabel: item.finalLabel,
          finalLabelSource: item.finalLabelSource,
          annotations: item.annotations.map((a) => ({ annotator: a.annotator.name, labels: a.labels, createdAt: a.createdAt.toISOString(), leadTimeMs: a.leadTimeMs })),
          prediction: item.prediction,
        });
      }
    }
    return result.sort((x, y) => (x.externalId ?? '').localeCompare(y.externalId ?? ''));
  }

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    ann = await harness.createUser('Ann');
    bob = await harness.createUser('Bob');
    sourceId = await createSpansProject('spans-source', { overlap: 2 });
    for (const annotator of [ann, bob]) await harness.addToProject(sourceId, annotator, 'annotator');
    const ids = await getLabelIds(harness.db, sourceId);
    labelIds = new Map(LABELS.map((name, index) => [name, ids[index]!]));

    // spaCy JSONL from elsewhere: code point offsets, gold spans, an id and a meta object.
    const gold: Record<string, { start: number; end: number; label: string }[]> = {
      a: [at('a', 'Zoë', 'PER'), at('a', 'José', 'PER'), at('a', 'Paris', 'LOC')],
      b: [at('b', 'Lyon', 'LOC')],
      c: [at('c', 'Amara Okafor', 'PER'), at('c', 'Lagos', 'LOC')],
      d: [],
    };
    const spacy = Object.entries(TEXTS)
      .map(([id, text]) => JSON.stringify({ id, text, ...(gold[id] ? { spans: gold[id]!.map((span) => toCodePoints(id, span)) } : {}), meta: { source: 'wire', n: id.charCodeAt(0) } }))
      .join('\n');
    const preview = await previewImport(spacy, { fileName: 'gold.jsonl', isSpans: true });
    expect(preview.format).toBe('spacy');
    const imported = await importItems(harness.db, admin, sourceId, spacy, { fileName: 'gold.jsonl', format: preview.format, mapping: { ...preview.suggestedMapping, idField: 'id' } });
    expect(imported).toMatchObject({ status: 'succeeded', itemsCreated: 5, rowsRejected: 0 });

    // Both annotators label every item through the queue.
    const answers: Record<string, [ReturnType<typeof at>[], ReturnType<typeof at>[]]> = {
      a: [gold.a!, [...gold.a!].reverse()],
      b: [[at('b', 'Cafe\u0301 Noe\u0308l', 'PER'), at('b', 'Lyon', 'LOC')], [at('b', 'Lyon', 'LOC'), at('b', '🎉', 'MISC')]],
      c: [[at('c', 'Amara Okafor', 'PER'), at('c', 'Lagos', 'LOC')], [at('c', '🧑🏽‍⚕️ Amara Okafor', 'PER'), at('c', 'Lagos', 'LOC')]],
      d: [[], []],
      e: [[at('e', 'Rome', 'LOC')], [at('e', 'Rome', 'LOC'), at('e', 'Oslo', 'LOC')]],
    };
    for (const [index, actor] of [ann, bob].entries()) {
      for (;;) {
        const task = await leaseNextItem(harness.db, actor, { projectId: sourceId });
        if (!task) break;
        const [item] = await harness.db.select({ externalId: items.externalId }).from(items).where(eq(items.id, task.itemId));
        const spans = answers[item!.externalId!]![index]!.map((span) => ({ start: span.start, end: span.end, labelId: labelIds.get(span.label)! }));
        await submitAnnotation(harness.db, actor, { projectId: sourceId, itemId: task.itemId, value: { spans }, clientId: randomUUID(), leadTimeMs: 1500 + index });
      }
    }
    // b, c and e are disputed; a reviewer settles c, while b and e keep the voted spans.
    const stored = (id: string, word: string, label: string) => {
      const { start, end } = at(id, word, label);
      return { start, end, labelId: labelIds.get(label)! };
    };
    const [disputed] = await harness.db.select().from(items).where(eq(items.externalId, 'c'));
    expect(disputed).toMatchObject({ status: 'in_review', finalSource: 'consensus', finalValue: { spans: [stored('c', 'Lagos', 'LOC')] } });
    await decideItem(harness.db, admin, { projectId: sourceId, itemId: disputed!.id, value: { spans: [stored('c', 'Amara Okafor', 'PER'), stored('c', 'Lagos', 'LOC')] } });

    // A Label Studio file adds a model's prediction and a third annotator to an item already there (matched by id).
    const region = (id: string, span: ReturnType<typeof at>, n: number) => ({
      id: `r${n}`,
      from_name: 'ner',
      to_name: 'text',
      type: 'labels',
      value: { start: span.start, end: span.end, text: TEXTS[id]!.slice(span.start, span.end), labels: [span.label] },
    });
    const tasks = [
      {
        data: { text: TEXTS.e, id: 'e' },
        annotations: [{ completed_by: { email: 'lena@example.com', name: 'Lena' }, lead_time: 3.5, created_at: '2024-05-02T10:00:00.000Z', result: [region('e', at('e', 'Oslo', 'LOC'), 1)] }],
        predictions: [{ model_version: 'ner-v1', score: 0.42, result: [region('e', at('e', 'Rome', 'LOC'), 2), region('e', at('e', 'Oslo', 'MISC'), 3)] }],
      },
    ];
    const added = await importItems(harness.db, admin, sourceId, JSON.stringify(tasks), { format: 'label-studio', mapping: { textField: 'text', idField: 'id', fromName: 'ner' } });
    expect(added).toMatchObject({ status: 'succeeded', itemsCreated: 0, duplicatesSkipped: 1, annotationsCreated: 1, predictionsCreated: 1 });
  }, 180_000);
  afterAll(() => harness.close());

  it('stores gold, annotations, votes and predictions as spans at their UTF-16 offsets', async () => {
    const span = (id: string, word: string, label: string) => {
      const { start, end } = at(id, word, label);
      return { start, end, labelId: labelIds.get(label)! };
    };
    const rows = await harness.db.select().from(items).where(eq(items.projectId, sourceId)).orderBy(asc(items.externalId));
    expect(rows.map((row) => row.goldValue)).toEqual([
      { spans: [span('a', 'Zoë', 'PER'), span('a', 'José', 'PER'), span('a', 'Paris', 'LOC')] },
      { spans: [span('b', 'Lyon', 'LOC')] },
      { spans: [span('c', 'Amara Okafor', 'PER'), span('c', 'Lagos', 'LOC')] },
      { spans: [] },
      null,
    ]);
    expect(rows.map((row) => [row.externalId, row.status, row.finalSource, row.finalValue])).toEqual([
      ['a', 'labeled', 'consensus', { spans: [span('a', 'Zoë', 'PER'), span('a', 'José', 'PER'), span('a', 'Paris', 'LOC')] }],
      ['b', 'in_review', 'consensus', { spans: [span('b', 'Lyon', 'LOC')] }],
      ['c', 'reviewed', 'review', { spans: [span('c', 'Amara Okafor', 'PER'), span('c', 'Lagos', 'LOC')] }],
      ['d', 'labeled', 'consensus', { spans: [] }],
      ['e', 'in_review', 'consensus', { spans: [span('e', 'Rome', 'LOC')] }],
    ]);
    expect(rows.every((row) => row.goldLabelId === null && row.finalLabelId === null)).toBe(true);
    expect(rows.map((row) => row.metadata)).toEqual(['a', 'b', 'c', 'd', 'e'].map((id) => ({ source: 'wire', n: id.charCodeAt(0) })));
    expect(await harness.db.select().from(annotations).where(eq(annotations.projectId, sourceId))).toHaveLength(11);
    const [prediction] = await harness.db.select().from(predictions).where(eq(predictions.projectId, sourceId));
    expect(prediction).toMatchObject({ labelId: null, externalModelVersion: 'ner-v1', value: { spans: [span('e', 'Rome', 'LOC'), span('e', 'Oslo', 'MISC')] } });
  });

  it('changes nothing when a file is imported again, and refuses an annotation that contradicts a stored one', async () => {
    const before = await harness.db.select().from(annotations).where(eq(annotations.projectId, sourceId));
    const file = await readAll(streamProjectExport(harness.db, sourceId, { format: 'label-studio', status: 'all' }));
    const preview = await previewImport(file, { fileName: 'again.json', isSpans: true });
    const again = await importItems(harness.db, admin, sourceId, file, { format: preview.format, mapping: preview.suggestedMapping });
    expect(again).toMatchObject({ status: 'succeeded', itemsCreated: 0, annotationsCreated: 0, annotationDuplicatesSkipped: 11 });
    const lena = { completed_by: { email: 'lena@example.com', name: 'Lena' }, result: [{ type: 'labels', value: { start: 0, end: 4, text: 'Rome', labels: ['PER'] } }] };
    const contradiction = await importItems(harness.db, admin, sourceId, JSON.stringify([{ data: { text: TEXTS.e, id: 'e' }, annotations: [lena] }]), {
      format: 'label-studio',
      mapping: { textField: 'text', idField: 'id' },
    });
    expect(contradiction.status).toBe('failed');
    expect(contradiction.problems[0]?.reason).toContain('contradicts another annotation by the same annotator');
    expect(await harness.db.select().from(annotations).where(eq(annotations.projectId, sourceId))).toHaveLength(before.length);
  });

  for (const format of EXPORT_FORMATS) {
    it(`brings every span, annotation, final answer and prediction back through ${format}`, async () => {
      const targetId = await createSpansProject(`spans-${format}`);
      const { preview, result } = await reimportExport(harness, admin, { sourceId, targetId, format, isSpans: true });
      expect(preview.format).toBe(format);
      expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 5, annotationsCreated: 11, predictionsCreated: 1, rowsRejected: 0 });
      expect(await snapshot(targetId)).toEqual(await snapshot(sourceId));
    });
  }

  it('exports spaCy JSONL with code point offsets, and refuses it for a project that does not label spans', async () => {
    const lines = (await readAll(streamProjectExport(harness.db, sourceId, { format: 'spacy', status: 'all' })))
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { text: string; spans: { start: number; end: number; label: string }[]; _quorum: { external_id: string } });
    const a = lines.find((line) => line._quorum.external_id === 'a')!;
    expect(a.spans).toEqual([at('a', 'Zoë', 'PER'), at('a', 'José', 'PER'), at('a', 'Paris', 'LOC')].map((span) => toCodePoints('a', span)));
    expect(a.spans.map((span) => Array.from(a.text).slice(span.start, span.end).join(''))).toEqual(['Zoë', 'José', 'Paris']);
    const { assertExportFormat } = await import('./export-project');
    const textProject = await harness.createProjectAs(admin, 'not-spans', LABELS);
    await expect(assertExportFormat(harness.db, textProject.id, 'spacy')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(importItems(harness.db, admin, textProject.id, `${JSON.stringify(lines[0])}\n`, { format: 'spacy', mapping: { textField: 'text' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
