import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TProjectRatings } from './ratings';
import { ACTIVITY_DAYS, MAX_COUNTED_LEAD_TIME_MS, type TDailyActivityRow, type TLabelDistributionRow } from './quality-types';

const MS_PER_DAY = 86_400_000;

export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Labels and time spent per UTC day and annotator, over the ACTIVITY_DAYS days that end on the
 * day of the latest annotation (a project imported with old timestamps still shows its activity).
 */
export function computeDailyActivity(ratings: TProjectRatings): TDailyActivityRow[] {
  const { ratingDay, ratingLeadTimeMs, index } = ratings;
  if (ratingDay.length === 0) return [];
  let lastDay = -Infinity;
  for (const day of ratingDay) lastDay = Math.max(lastDay, day);
  const firstDay = lastDay - ACTIVITY_DAYS + 1;
  const annotatorCount = index.annotators.length;
  const cells = new Map<number, { labels: number; timeSpentMs: number }>();
  for (let s = 0; s < ratingDay.length; s++) {
    const day = ratingDay[s]!;
    if (day < firstDay) continue;
    const key = day * annotatorCount + index.ratingAnnotator[s]!;
    const cell = cells.get(key) ?? { labels: 0, timeSpentMs: 0 };
    cell.labels++;
    if (ratingLeadTimeMs[s]! >= 0) cell.timeSpentMs += Math.min(ratingLeadTimeMs[s]!, MAX_COUNTED_LEAD_TIME_MS);
    cells.set(key, cell);
  }
  return [...cells.entries()]
    .sort(([x], [y]) => x - y)
    .map(([key, cell]) => {
      const a = key % annotatorCount;
      return { day: formatDay((key - a) / annotatorCount), annotator: ratings.annotators[a]!.annotator, ...cell };
    });
}

/**
 * For each label: annotations that gave it, items whose final label it is (by who decided), and
 * gold items with it as their known answer. Final labels are read after the consensus step ran.
 */
export async function computeLabelDistribution(db: Database, ratings: TProjectRatings): Promise<TLabelDistributionRow[]> {
  const annotations = new Float64Array(ratings.labels.length);
  for (const label of ratings.index.ratingLabel) annotations[label]!++;
  const rows = ratings.labels.map((label, code) => ({
    labelId: label.id,
    label: label.category,
    color: label.color,
    annotations: annotations[code]!,
    final: { review: 0, consensus: 0, single: 0, gold: 0 },
    gold: 0,
  }));
  const byId = new Map(rows.map((row) => [row.labelId, row]));
  const { rows: counts } = await db.execute<{ label_id: number; source: string; count: number | string }>(sql`
    select final_label_id as label_id, final_source as source, count(*) as count
    from items where project_id = ${ratings.projectId} and final_label_id is not null
    group by 1, 2
    union all
    select gold_label_id, 'gold_item', count(*)
    from items where project_id = ${ratings.projectId} and gold_label_id is not null
    group by 1`);
  for (const count of counts) {
    const row = byId.get(Number(count.label_id));
    if (!row) continue;
    const n = Number(count.count);
    if (count.source === 'gold_item') row.gold += n;
    else if (count.source === 'review' || count.source === 'consensus' || count.source === 'single' || count.source === 'gold') row.final[count.source] += n;
  }
  return rows;
}
