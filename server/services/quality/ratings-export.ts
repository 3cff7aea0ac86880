import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TNamedSpanAnswer } from '@/ml/spans/compute-named-span-agreement';
import { AppError } from '@/server/errors';
import { getProject } from '@/server/services/projects/projects';
import { loadLabelSetAnswers } from './label-set-answers';
import { loadProjectRatings } from './ratings';
import { QUALITY_SNAPSHOT_VERSION } from './quality-types';
import { loadSpanAnswers } from './span-answers';

/** A chunk is yielded once it holds this many characters: span lines carry whole texts, so lines vary too much to count them. */
const CHUNK_CHARS = 256 * 1024;

/**
 * The ratings behind the project's current quality report as JSONL, one line per answer, in the
 * order the report read them: `npx quorum agreement` on this file, with the options the report
 * shows, prints the report's agreement section exactly. Annotations newer than the report are left
 * out for that reason. JSONL rather than CSV: names stay exactly as they are (no spreadsheet
 * formula defusing), and nothing in it runs when opened. The line shape follows the task type:
 * - single label (text and image classification): {"item","annotator","label"}, every annotation;
 * - multi-label: {"item","annotator","labels":[…]}, every counted (non-rejected) set answer;
 * - spans: {"item","annotator","text","spans":[{"start","end","label"}]}, offsets in UTF-16 code
 *   units, end exclusive (as stored, and as Quorum's JSONL, CSV and Label Studio exports write
 *   them), every counted answer on an item with two or more of them.
 */
export async function* generateRatingsJsonl(db: Database, projectId: number): AsyncGenerator<string> {
  const watermark = await readReportWatermark(db, projectId);
  const { taskType } = await getProject(db, projectId);
  const lines = taskType === 'multi_label' ? readLabelSetLines(db, projectId, watermark) : taskType === 'spans' ? readSpanLines(db, projectId, watermark) : readSingleLabelLines(db, projectId, watermark);
  let chunk = '';
  for await (const line of lines) {
    chunk += `${JSON.stringify(line)}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The highest annotation id the current report counted; no report (or one of an older shape) is NOT_FOUND. */
async function readReportWatermark(db: Database, projectId: number): Promise<number> {
  const { rows } = await db.execute<{ annotation_watermark: number | string; version: number | null }>(sql`
    select annotation_watermark, (report->>'version')::int as version from quality_snapshots where project_id = ${projectId} and report is not null`);
  const row = rows[0];
  if (!row || Number(row.version) !== QUALITY_SNAPSHOT_VERSION) throw new AppError('NOT_FOUND', 'This project has no quality report yet');
  return Number(row.annotation_watermark);
}

async function* readSingleLabelLines(db: Database, projectId: number, watermark: number): AsyncGenerator<{ item: string; annotator: string; label: string }> {
  const { index } = await loadProjectRatings(db, projectId, { maxAnnotationId: watermark });
  for (let i = 0; i < index.items.length; i++) {
    for (let s = index.itemStart[i]!; s < index.itemStart[i + 1]!; s++) {
      yield { item: index.items[i]!, annotator: index.annotators[index.ratingAnnotator[s]!]!, label: index.categories[index.ratingLabel[s]!]! };
    }
  }
}

async function* readLabelSetLines(db: Database, projectId: number, watermark: number): AsyncGenerator<{ item: string; annotator: string; labels: readonly string[] }> {
  const { ratings } = await loadLabelSetAnswers(db, projectId, { maxAnnotationId: watermark });
  for (const { item, annotator, labels } of ratings) yield { item, annotator, labels };
}

async function* readSpanLines(db: Database, projectId: number, watermark: number): AsyncGenerator<TNamedSpanAnswer> {
  const { answers } = await loadSpanAnswers(db, projectId, { maxAnnotationId: watermark });
  for (const { item, annotator, text, spans } of answers) yield { item, annotator, text, spans: spans.map(({ start, end, label }) => ({ start, end, label })) };
}
