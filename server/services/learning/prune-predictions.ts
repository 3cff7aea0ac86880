import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { getCurrentModelVersion } from './model-versions';

/** Keeps the predictions of the current and the pinned version; older versions' go, in short batches. */
export async function pruneOldPredictions(db: Database, projectId: number): Promise<number> {
  const current = await getCurrentModelVersion(db, projectId);
  if (!current) return 0;
  let removed = 0;
  for (;;) {
    const result = await db.execute<{ id: number }>(sql`
      delete from predictions where id in (
        select p.id from predictions p join model_versions v on v.id = p.model_version_id
        where v.project_id = ${projectId} and v.id <> ${current.id} and not v.is_pinned
        limit 5000)
      returning id`);
    removed += result.rows.length;
    if (result.rows.length < 5000) return removed;
  }
}
