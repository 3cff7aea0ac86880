import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, imports, items, predictions, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { importItems } from './import-items';

const FIXTURES = path.resolve(import.meta.dirname, '../../import/fixtures');
const readFixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const MAPPING = { textField: 'text', labelField: 'label', idField: 'id' };

describe('importItems', () => {
  let harness: TTestHarness;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Importer', 'admin');
  });
  afterAll(() => harness.close());

  const countItems = async (projectId: number) => {
    const result = await harness.db.execute<{ n: number }>(sql`select count(*)::int as n from items where project_id = ${projectId}`);
    return Number(result.rows[0]?.n);
  };

  it('imports a CSV with gold labels and metadata, and a re-import changes nothing', async () => {
    const project = await harness.createProjectAs(admin, 'csv-import', ['spam', 'ham']);
    const first = await importItems(harness.db, admin, project.id, readFixture('good/small.csv'), { fileName: 'small.csv', mapping: MAPPING });
    expect(first).toMatchObject({ status: 'succeeded', format: 'csv', problemCount: 0, error: null });
    expect(first.itemsCreated).toBeGreaterThan(0);
    const stored = await harness.db.select().from(items).where(eq(items.projectId, project.id)).orderBy(items.externalId);
    expect(stored).toHaveLength(first.itemsCreated);
    const r2 = stored.find((item) => item.externalId === 'r2');
    expect(r2?.text).toBe('Meeting moved to 3pm.\nSee you there.');
    expect(r2?.metadata).toEqual({ source: 'mail' });
    expect(r2?.goldLabelId).not.toBeNull();
    expect(r2?.status).toBe('open');

    const again = await importItems(harness.db, admin, project.id, readFixture('good/small.csv'), { fileName: 'small.csv', mapping: MAPPING });
    expect(again).toMatchObject({ status: 'succeeded', itemsCreated: 0, duplicatesSkipped: first.itemsCreated });
    expect(await countItems(project.id)).toBe(first.itemsCreated);
    // Same content in another format, with the same ids: still nothing new.
    const jsonl = await importItems(harness.db, admin, project.id, 'id,text,label\nr1,"Win a FREE cruise, click now!",spam\n', { format: 'csv', mapping: MAPPING });
    expect(jsonl.itemsCreated).toBe(0);
    const runs = await harness.db.select().from(imports).where(eq(imports.projectId, project.id));
    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('orders the queue and draws the evaluation set from a seed, the same every time', async () => {
    const a = await harness.createProjectAs(admin, 'seed-a', ['spam', 'ham']);
    const b = await harness.createProjectAs(admin, 'seed-b', ['spam', 'ham']);
    const rows = Array.from({ length: 400 }, (_, i) => `${i},message number ${i},${i % 2 ? 'spam' : 'ham'}`).join('\n');
    for (const project of [a, b]) await importItems(harness.db, admin, project.id, `id,text,label\n${rows}\n`, { format: 'csv', mapping: MAPPING });
    const read = (projectId: number) =>
      harness.db.select({ id: items.externalId, priority: items.priority, isEval: items.isEval }).from(items).where(eq(items.projectId, projectId)).orderBy(items.externalId);
    const [first, second] = [await read(a.id), await read(b.id)];
    expect(first.map(({ id, priority, isEval }) => [id, priority, isEval])).toEqual(second.map(({ id, priority, isEval }) => [id, priority, isEval]));
    const evalShare = first.filter((item) => item.isEval).length / first.length;
    expect(evalShare).toBeGreaterThan(0.05);
    expect(evalShare).toBeLessThan(0.15);
  });

  it('is all-or-nothing: one bad row writes nothing and every problem is reported with its row', async () => {
    const project = await harness.createProjectAs(admin, 'atomic', ['spam', 'ham']);
    const file = 'id,text,label\n1,fine,spam\n2,also fine,ham\n3,bad label,eggs\n4,,ham\n5,fine again,ham\n';
    const result = await importItems(harness.db, admin, project.id, file, { format: 'csv', mapping: MAPPING });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/2 problems found; nothing was imported/);
    expect(result.problems.map((problem) => [problem.row, problem.field])).toEqual([
      // Data rows, as the preview table numbers them: the header is not row 1.
      [3, 'label'],
      [4, 'text'],
    ]);
    expect(result.itemsCreated).toBe(0);
    expect(await countItems(project.id)).toBe(0);
    const [run] = await harness.db.select().from(imports).where(eq(imports.id, result.importId));
    expect(run).toMatchObject({ status: 'failed', rowsRejected: 2 });
  });

  it('imports the valid rows and reports the rest when asked to skip invalid rows', async () => {
    const project = await harness.createProjectAs(admin, 'skipping', ['spam', 'ham']);
    const file = 'id,text,label\n1,fine,spam\n2,bad label,eggs\n3,fine too,ham\n4,nul\u0000inside,ham\n';
    const result = await importItems(harness.db, admin, project.id, file, { format: 'csv', mapping: MAPPING, skipInvalid: true });
    expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 2, rowsRejected: 2, problemCount: 2 });
    expect(result.problems.map((problem) => problem.row)).toEqual([2, 4]);
    expect(result.problems[1]?.reason).toMatch(/NUL/);
    expect(await countItems(project.id)).toBe(2);
  });

  it('fails cleanly on a file that cannot be read to the end, even when skipping invalid rows', async () => {
    const project = await harness.createProjectAs(admin, 'broken', ['spam', 'ham']);
    const result = await importItems(harness.db, admin, project.id, readFixture('bad/truncated.json'), { format: 'json', mapping: MAPPING, skipInvalid: true });
    expect(result.status).toBe('failed');
    expect(await countItems(project.id)).toBe(0);
  });

  it('brings in Label Studio annotations by imported annotators and predictions, once', async () => {
    const project = await harness.createProjectAs(admin, 'label-studio', ['Positive', 'Negative', 'Neutral']);
    // Ground-truth answers as hidden references, not gold checks.
    await harness.callerFor(admin).project.update({ projectId: project.id, settings: { goldCheckShare: 0 } });
    const options = { format: 'label-studio' as const, mapping: { textField: 'text', fromName: 'sentiment' } };
    const first = await importItems(harness.db, admin, project.id, readFixture('good/label-studio-export.json'), options);
    // Task 102 has a ground-truth annotation: it is a person's label and also the item's gold label.
    expect(first).toMatchObject({ status: 'succeeded', itemsCreated: 3, annotationsCreated: 3, predictionsCreated: 2 });

    const stored = await harness.db
      .select({ text: items.text, count: items.annotationCount, annotator: users.name, isImported: users.isImported, banned: users.banned, source: annotations.source, leadTimeMs: annotations.leadTimeMs })
      .from(annotations)
      .innerJoin(items, eq(items.id, annotations.itemId))
      .innerJoin(users, eq(users.id, annotations.annotatorId))
      .where(eq(annotations.projectId, project.id));
    expect(stored).toHaveLength(3);
    for (const row of stored) expect(row).toMatchObject({ isImported: true, banned: true, source: 'import' });
    expect(stored.map((row) => row.annotator).sort()).toEqual(['11', '11', 'carol@example.com']);
    expect(stored.map((row) => row.leadTimeMs)).toContain(12345);
    const gold = await harness.db.select({ gold: items.goldLabelId }).from(items).where(and(eq(items.projectId, project.id), sql`${items.goldLabelId} is not null`));
    expect(gold).toHaveLength(1);

    const again = await importItems(harness.db, admin, project.id, readFixture('good/label-studio-export.json'), options);
    expect(again).toMatchObject({ itemsCreated: 0, annotationsCreated: 0, predictionsCreated: 0 });
    const predictionRows = await harness.db.select().from(predictions).where(eq(predictions.projectId, project.id));
    expect(predictionRows.map((row) => [row.externalModelVersion, row.score])).toEqual([
      ['bert-v3', expect.closeTo(0.91, 5)],
      ['bert-v3', expect.closeTo(0.55, 5)],
    ]);
    const states = await harness.db
      .select({ count: items.annotationCount, status: items.status, source: items.finalSource })
      .from(items)
      .where(eq(items.projectId, project.id))
      .orderBy(items.annotationCount);
    // One annotation decides an overlap-1 item; the item with two that disagree waits for a reviewer.
    expect(states).toEqual([
      { count: 0, status: 'open', source: null },
      { count: 1, status: expect.stringMatching(/labeled|in_review/), source: 'single' },
      { count: 2, status: 'in_review', source: null },
    ]);
  });

  it('refuses an annotation that contradicts one a thousand rows earlier in the same file (written in another batch)', async () => {
    const project = await harness.createProjectAs(admin, 'cross-batch-conflict', ['spam', 'ham']);
    // No ids: the two rows are one item by their text.
    const mapping = { textField: 'text', annotationsField: 'annotations' };
    const line = (id: string, label: string) => JSON.stringify({ text: `message ${id}`, annotations: [{ annotator: 'Sam', annotator_email: 'sam@example.com', labels: [label] }] });
    const filler = Array.from({ length: 1_200 }, (_, i) => JSON.stringify({ text: `filler ${i}` }));
    const file = [line('x', 'spam'), ...filler, line('x', 'ham')].join('\n');
    const strict = await importItems(harness.db, admin, project.id, file, { format: 'jsonl', mapping });
    expect(strict).toMatchObject({ status: 'failed', itemsCreated: 0, annotationsCreated: 0 });
    expect(strict.problems).toEqual([expect.objectContaining({ row: 1_202, reason: expect.stringMatching(/contradicts another annotation by the same annotator/) })]);
    expect(await countItems(project.id)).toBe(0);
    // No account was created for a file that imported nothing.
    const imported = await harness.db.select({ email: users.email }).from(users).where(eq(users.isImported, true));
    expect(imported.filter((user) => user.email.startsWith(`imported.${project.id}.`))).toEqual([]);

    const lenient = await importItems(harness.db, admin, project.id, file, { format: 'jsonl', mapping, skipInvalid: true });
    expect(lenient).toMatchObject({ status: 'succeeded', itemsCreated: 1_201, annotationsCreated: 1, rowsRejected: 1 });
    const stored = await harness.db.select({ labelId: annotations.labelId }).from(annotations).innerJoin(items, eq(items.id, annotations.itemId)).where(eq(items.projectId, project.id));
    expect(stored).toHaveLength(1);
  });
});
