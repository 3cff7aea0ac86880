import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, type TFinalLabelSource } from '@/db/schema';
import { generateSyntheticText } from '@/ml/fixtures/synthetic-text';
import { listProjectLabels } from '@/server/services/projects/projects';

export type TSeededItem = { id: number; label: number; text: string };

/**
 * Test data for the learning loop: a project's items with synthetic two-topic texts, some
 * labeled by people, some in the evaluation set, some with gold answers. Labels are given
 * straight to the items (what the queue does after a submission).
 */
export async function seedLearningItems(
  db: Database,
  projectId: number,
  { count, seed = 1, signal = 0.5 }: { count: number; seed?: number; signal?: number },
): Promise<{ items: TSeededItem[]; labelIds: number[] }> {
  const labelIds = (await listProjectLabels(db, projectId)).map((label) => label.id);
  const perClass = Math.ceil(count / labelIds.length);
  const { texts, labels } = generateSyntheticText({ numClasses: labelIds.length, perClass, seed, signal });
  const rows = texts.slice(0, count).map((text, i) => ({
    projectId,
    externalId: `item-${seed}-${i}`,
    contentHash: `hash-${seed}-${i}`,
    text: `${text} #${i}`,
    priority: 0.5,
  }));
  const inserted = await db.insert(items).values(rows).returning({ id: items.id });
  return { items: inserted.map((row, i) => ({ id: row.id, label: labels[i]!, text: rows[i]!.text })), labelIds };
}

export async function labelItems(
  db: Database,
  entries: readonly { id: number; labelId: number }[],
  source: TFinalLabelSource = 'single',
): Promise<void> {
  for (const entry of entries) {
    await db.execute(sql`
      update items set final_label_id = ${entry.labelId}, final_source = ${source}, status = 'labeled', annotation_count = 1
      where id = ${entry.id}`);
  }
}
