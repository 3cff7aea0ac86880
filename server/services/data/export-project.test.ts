import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { previewImport } from '@/server/import';
import { readAll } from '@/server/testing/export-round-trip';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { readExportPages, streamProjectExport } from './export-project';
import { importItems } from './import-items';

const LABELS = ['Positive', 'Negative', 'Neutral'];
const LABEL_STUDIO_FILE = fs.readFileSync(path.resolve(import.meta.dirname, '../../import/fixtures/good/label-studio-export.json'));

async function* readExportItems(...args: Parameters<typeof readExportPages>) {
  for await (const page of readExportPages(...args)) yield* page;
}

describe('project export', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let sourceId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Exporter', 'admin');
    sourceId = (await harness.createProjectAs(admin, 'export-source', LABELS)).id;
    await importItems(harness.db, admin, sourceId, LABEL_STUDIO_FILE, { format: 'label-studio', mapping: { textField: 'text', fromName: 'sentiment' } });
    // A reviewer's decision on one item, so final labels and their source travel too.
    const [negative] = await harness.db.execute<{ id: number }>(sql`select id from project_labels where project_id = ${sourceId} and name = 'Negative'`).then((r) => r.rows);
    await harness.db.execute(sql`update items set final_label_id = ${negative?.id}, final_source = 'review' where project_id = ${sourceId} and text like '%Terrible%'`);
  });
  afterAll(() => harness.close());

  /** What must survive a round trip: content, metadata, gold, annotations and predictions. */
  async function snapshot(projectId: number) {
    const result = [];
    for await (const item of readExportItems(harness.db, projectId, 'all')) {
      result.push({
        text: item.text,
        metadata: item.metadata,
        goldLabel: item.goldLabel,
        // Imported annotators are accounts of their project, so across projects only their names match.
        annotations: item.annotations.map((a) => ({ ...a, annotator: a.annotator.name, createdAt: a.createdAt.toISOString() })),
        prediction: item.prediction && { ...item.prediction, score: Number(item.prediction.score.toFixed(4)) },
      });
    }
    return result.sort((a, b) => a.text.localeCompare(b.text));
  }

  for (const format of ['jsonl', 'csv', 'label-studio'] as const) {
    it(`round-trips through ${format}: our import reads our export back unchanged`, async () => {
      const file = await readAll(streamProjectExport(harness.db, sourceId, { format, status: 'all' }));
      const preview = await previewImport(file, { format: format === 'label-studio' ? 'label-studio' : format });
      const target = await harness.createProjectAs(admin, `roundtrip-${format}`, LABELS);
      const result = await importItems(harness.db, admin, target.id, file, { format: preview.format, mapping: preview.suggestedMapping });
      expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 3, annotationsCreated: 3, predictionsCreated: 2 });
      expect(await snapshot(target.id)).toEqual(await snapshot(sourceId));
    });
  }

  it('filters by status and carries the final label with how it was decided', async () => {
    const reviewed = [];
    for await (const item of readExportItems(harness.db, sourceId, 'reviewed')) reviewed.push(item);
    expect(reviewed.map((item) => [item.finalLabel, item.finalLabelSource])).toEqual([['Negative', 'review']]);
    const labeled = [];
    for await (const item of readExportItems(harness.db, sourceId, 'labeled')) labeled.push(item);
    // The reviewed item, and the one its single imported annotation decided.
    expect(labeled.map((item) => item.finalLabelSource).sort()).toEqual(['review', 'single']);
    const csv = (await readAll(streamProjectExport(harness.db, sourceId, { format: 'csv', status: 'all' }))).toString('utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('id,item_id,text,metadata,gold_label,final_label,final_label_source,annotations,prediction_label,prediction_score,model_version');
    expect(csv).toContain(',Negative,review,');
  });

  it('neutralises spreadsheet formulas in CSV and streams large projects in bounded batches', async () => {
    const project = await harness.createProjectAs(admin, 'export-many', ['a', 'b']);
    const rows = Array.from({ length: 4_500 }, (_, i) => `${i},${i === 7 ? '=HYPERLINK("http://x")' : `text ${i}`},a`).join('\n');
    await importItems(harness.db, admin, project.id, `id,text,label\n${rows}\n`, { format: 'csv', mapping: { textField: 'text', labelField: 'label', idField: 'id' } });
    const csv = (await readAll(streamProjectExport(harness.db, project.id, { format: 'csv', status: 'all' }))).toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    const count = await harness.db.select({ n: sql<number>`count(*)::int` }).from(items).where(eq(items.projectId, project.id));
    let exported = 0;
    for await (const _ of readExportItems(harness.db, project.id, 'all')) exported++;
    expect(exported).toBe(count[0]?.n);
  });
});
