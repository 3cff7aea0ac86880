import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { EXPORT_FORMATS } from '@/server/export';
import { refreshQualitySnapshot } from '@/server/services/quality/refresh';
import { ensureSimulatedAnnotators, simulateAnnotators } from '@/server/services/quality/simulate-annotators';
import { setQueueSettings } from '@/server/testing/queue-fixtures';
import { reimportExport } from '@/server/testing/export-round-trip';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { readExportPages } from './export-project';
import { importItems } from './import-items';

const LABELS = ['spam', 'ham'];

/**
 * The README promises that every export format reads back unchanged. The source here is labelled the
 * way the demo is: people (simulated, through the real queue, with overlap) and a consensus run, on
 * items with gold labels and metadata, so every part of an exported item has something in it.
 */
describe('export → import into a new project, as a user does it', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let sourceId: number;
  let annotationCount: number;

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
          // Annotators of another project become accounts of the new one: their names and e-mails travel.
          annotations: item.annotations.map((a) => ({ annotator: a.annotator.name, labels: a.labels, createdAt: a.createdAt.toISOString(), leadTimeMs: a.leadTimeMs })),
        });
      }
    }
    return result.sort((a, b) => (a.externalId ?? '').localeCompare(b.externalId ?? ''));
  }

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Round Tripper', 'admin');
    sourceId = (await harness.createProjectAs(admin, 'round-trip-source', LABELS)).id;
    const lines = Array.from({ length: 80 }, (_, i) =>
      JSON.stringify({ id: `m-${String(i).padStart(3, '0')}`, text: `message ${i}: ${i % 2 === 0 ? 'cheap pills, act now' : 'minutes of the meeting'}`, label: LABELS[i % 2], group: `g${i % 3}`, score: i / 10 }),
    );
    const seeded = await importItems(harness.db, admin, sourceId, `${lines.join('\n')}\n`, { format: 'jsonl', mapping: { textField: 'text', labelField: 'label', idField: 'id' } });
    expect(seeded.status).toBe('succeeded');
    await setQueueSettings(harness.db, sourceId, { overlap: 2, overlapShare: 0.5, goldCheckShare: 0.05 });
    const accounts = await ensureSimulatedAnnotators(harness.db, sourceId, 3);
    const simulated = await simulateAnnotators(harness.db, {
      projectId: sourceId,
      annotators: accounts.map((account, a) => ({ ...account, accuracy: [0.95, 0.9, 0.7][a]!, medianLeadTimeMs: 4000 })),
      items: 40,
      seed: 5,
    });
    annotationCount = simulated.submitted;
    await refreshQualitySnapshot(harness.db, sourceId);
  }, 120_000);
  afterAll(() => harness.close());

  it('has labels of several people, final labels and metadata to carry', async () => {
    const source = await snapshot(sourceId);
    expect(annotationCount).toBeGreaterThan(40);
    expect(source.flatMap((item) => item.annotations)).toHaveLength(annotationCount);
    expect(new Set(source.flatMap((item) => item.annotations.map((a) => a.annotator))).size).toBe(3);
    expect(source.filter((item) => item.finalLabel !== null).length).toBeGreaterThan(0);
  });

  // spaCy JSONL carries spans only (span-round-trip.test.ts).
  for (const format of EXPORT_FORMATS.filter((name) => name !== 'spacy')) {
    it(`brings back every item, annotation (with its annotator), final label and metadata through ${format}`, async () => {
      const target = await harness.createProjectAs(admin, `round-trip-${format}`, LABELS);
      const { result } = await reimportExport(harness, admin, { sourceId, targetId: target.id, format });
      expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 80, annotationsCreated: annotationCount, rowsRejected: 0 });
      expect(await snapshot(target.id)).toEqual(await snapshot(sourceId));
    });
  }
});
