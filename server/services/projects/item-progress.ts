import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/**
 * Where a project's items stand, each item counted once. Gold checks are left out: they are served to
 * every annotator to measure them, so they are never "done" and are not work left either.
 */
export type TItemProgress = {
  total: number;
  /** A final label is decided (by the annotators, consensus, a reviewer or a known answer). */
  labeled: number;
  /** Waiting for a reviewer's decision. */
  inReview: number;
  /** Labeled by some annotators, waiting for more (overlap). */
  inOverlap: number;
  /** Nobody has labeled them yet. */
  remaining: number;
  /** Gold-check items, apart from the counts above. */
  goldChecks: number;
};

export const EMPTY_ITEM_PROGRESS: TItemProgress = { total: 0, labeled: 0, inReview: 0, inOverlap: 0, remaining: 0, goldChecks: 0 };

/** A project's progress plus its raw counts: every item, gold checks included, and those with any label. */
export type TProjectItemCounts = { progress: TItemProgress; itemCount: number; annotatedItemCount: number };

type TProgressRow = { project_id: number | string; status: string; is_started: boolean; is_gold_check: boolean; n: number | string };

/**
 * The progress of several projects in one statement (the projects list): one grouped pass over
 * their items, read from `items_progress_idx` alone, never a query per project.
 */
export async function countItemProgress(db: Database, projectIds: readonly number[]): Promise<Map<number, TProjectItemCounts>> {
  const progress = new Map<number, TProjectItemCounts>(projectIds.map((id) => [id, { progress: { ...EMPTY_ITEM_PROGRESS }, itemCount: 0, annotatedItemCount: 0 }]));
  if (projectIds.length === 0) return progress;
  const result = await db.execute<TProgressRow>(sql`
    select project_id, status, annotation_count > 0 as is_started, is_gold_check, count(*) as n
    from items
    where project_id in ${projectIds}
    group by project_id, status, annotation_count > 0, is_gold_check`);
  for (const row of result.rows) {
    const entry = progress.get(Number(row.project_id));
    if (!entry) continue;
    const n = Number(row.n);
    addToProgress(entry.progress, row.status, row.is_started, row.is_gold_check, n);
    entry.itemCount += n;
    if (row.is_started) entry.annotatedItemCount += n;
  }
  return progress;
}

/** Adds `count` items of one status to a progress tally. */
export function addToProgress(progress: TItemProgress, status: string, isStarted: boolean, isGoldCheck: boolean, count: number): void {
  if (isGoldCheck) {
    progress.goldChecks += count;
    return;
  }
  progress.total += count;
  if (status === 'labeled' || status === 'reviewed') progress.labeled += count;
  else if (status === 'in_review') progress.inReview += count;
  else if (isStarted) progress.inOverlap += count;
  else progress.remaining += count;
}
