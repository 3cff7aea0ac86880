import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { annotations, items } from '@/db/schema';
import { createRng } from '@/ml/random';

/**
 * Test data for the quality report: items with a known true label, rated directly in the database
 * by annotators of known accuracy (the queue is tested elsewhere; here only the statistics matter).
 */
export type TRatedProject = {
  itemIds: number[];
  /** True label id of each item, parallel to itemIds. */
  truth: number[];
};

export type TRatingPlan = {
  projectId: number;
  labelIds: number[];
  annotators: { userId: string; accuracy: number }[];
  items: number;
  perItem: number;
  /** The first `goldItems` items carry their true label as gold. */
  goldItems: number;
  seed: number;
  /** Created-at of the annotations: spread over this many past days (default 1: today). */
  days?: number;
};

export async function seedRatedProject(db: Database, plan: TRatingPlan): Promise<TRatedProject> {
  const rng = createRng(plan.seed);
  const truth = Array.from({ length: plan.items }, () => plan.labelIds[rng.int(plan.labelIds.length)]!);
  const inserted = await db
    .insert(items)
    .values(
      truth.map((label, i) => ({
        projectId: plan.projectId,
        text: `item ${i}`,
        contentHash: randomUUID(),
        goldLabelId: i < plan.goldItems ? label : null,
        status: 'labeled' as const,
        annotationCount: plan.perItem,
      })),
    )
    .returning({ id: items.id });
  const itemIds = inserted.map((row) => row.id);
  const rows: (typeof annotations.$inferInsert)[] = [];
  const days = plan.days ?? 1;
  itemIds.forEach((itemId, i) => {
    for (const annotator of rng.sample(plan.annotators, plan.perItem)) {
      const isRight = rng.next() < annotator.accuracy;
      const wrong = plan.labelIds.filter((id) => id !== truth[i]);
      const createdAt = new Date(Date.now() - rng.int(days) * 86_400_000 - rng.int(3_600_000));
      rows.push({
        projectId: plan.projectId,
        itemId,
        annotatorId: annotator.userId,
        labelId: isRight ? truth[i]! : wrong[rng.int(wrong.length)]!,
        leadTimeMs: 2_000 + rng.int(8_000),
        createdAt,
      });
    }
  });
  for (let start = 0; start < rows.length; start += 1000) await db.insert(annotations).values(rows.slice(start, start + 1000));
  return { itemIds, truth };
}

export async function readItem(db: Database, itemId: number) {
  const { rows } = await db.execute<{ status: string; final_label_id: number | null; final_source: string | null }>(
    sql`select status, final_label_id, final_source from items where id = ${itemId}`,
  );
  return rows[0]!;
}
