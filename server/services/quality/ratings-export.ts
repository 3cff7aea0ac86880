import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { AppError } from '@/server/errors';
import { loadProjectRatings } from './ratings';
import { QUALITY_SNAPSHOT_VERSION } from './quality-types';

const LINES_PER_CHUNK = 5_000;

/**
 * The ratings behind the project's current quality report as JSONL lines of
 * {"item","annotator","label"}, in the order the report read them: `npx quorum agreement` on this
 * file, with the report's categories, prints the report's agreement numbers exactly. Annotations
 * newer than the report are left out for that reason. JSONL rather than CSV: names stay exactly
 * as they are (no spreadsheet formula defusing), and nothing in it runs when opened.
 */
export async function* generateRatingsJsonl(db: Database, projectId: number): AsyncGenerator<string> {
  const { rows } = await db.execute<{ annotation_watermark: number | string; version: number | null }>(sql`
    select annotation_watermark, (report->>'version')::int as version from quality_snapshots where project_id = ${projectId} and report is not null`);
  const row = rows[0];
  if (!row || Number(row.version) !== QUALITY_SNAPSHOT_VERSION) throw new AppError('NOT_FOUND', 'This project has no quality report yet');
  const ratings = await loadProjectRatings(db, projectId, { maxAnnotationId: Number(row.annotation_watermark) });
  const { index } = ratings;
  let chunk = '';
  let lines = 0;
  for (let i = 0; i < index.items.length; i++) {
    for (let s = index.itemStart[i]!; s < index.itemStart[i + 1]!; s++) {
      chunk += `${JSON.stringify({ item: index.items[i], annotator: index.annotators[index.ratingAnnotator[s]!], label: index.categories[index.ratingLabel[s]!] })}\n`;
      if (++lines % LINES_PER_CHUNK === 0) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (chunk) yield chunk;
}
