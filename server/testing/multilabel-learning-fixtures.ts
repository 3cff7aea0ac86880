import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { items, type TFinalLabelSource } from '@/db/schema';
import { generateSyntheticLabelSets } from '@/ml/fixtures/synthetic-label-sets';
import { listProjectLabels } from '@/server/services/projects/projects';

export type TSeededSetItem = { id: number; labelIds: number[]; text: string };

/**
 * Test data for a multi-label project's learning loop: items with synthetic texts whose topic words
 * follow their label sets (each label of the project present with `rates[ℓ]`). The sets are returned,
 * not stored: give them as final answers (labelItemSets) or gold (`withGold`).
 */
export async function seedLabelSetItems(
  db: Database,
  projectId: number,
  { count, rates, seed = 1, withGold = false }: { count: number; rates: readonly number[]; seed?: number; withGold?: boolean },
): Promise<{ items: TSeededSetItem[]; labelIds: number[] }> {
  const labelIds = (await listProjectLabels(db, projectId)).map((label) => label.id);
  if (rates.length !== labelIds.length) throw new Error(`${rates.length} rates for ${labelIds.length} labels`);
  const { texts, sets } = generateSyntheticLabelSets({ count, rates, seed });
  const setIds = sets.map((set) => set.map((l) => labelIds[l]!));
  const rows = texts.map((text, i) => ({
    projectId,
    externalId: `set-${seed}-${i}`,
    contentHash: `set-hash-${seed}-${i}`,
    text,
    priority: 0.5,
    goldValue: withGold ? { labelIds: setIds[i]! } : null,
  }));
  const inserted = await db.insert(items).values(rows).returning({ id: items.id });
  return { items: inserted.map((row, i) => ({ id: row.id, labelIds: setIds[i]!, text: texts[i]! })), labelIds };
}

/** Final label sets given straight to the items (what the queue does after a submission). */
export async function labelItemSets(db: Database, entries: readonly { id: number; labelIds: readonly number[] }[], source: TFinalLabelSource = 'single'): Promise<void> {
  for (const entry of entries) {
    await db.execute(sql`
      update items set final_value = ${JSON.stringify({ labelIds: [...entry.labelIds].sort((a, b) => a - b) })}::jsonb, final_source = ${source},
        status = 'labeled', annotation_count = 1
      where id = ${entry.id}`);
  }
}
