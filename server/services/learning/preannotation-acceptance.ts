import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TStructuredValue } from '@/db/schema';
import type { TPredictedSpan } from '@/ml/spans/bio-tags';
import { countKeptSuggestions } from '@/ml/spans/count-kept-suggestions';
import { PREANNOTATION_MIN_CONFIDENCE, selectPreannotations } from '@/ml/spans/select-preannotations';
import type { TPreannotationAcceptance } from './span-version-metrics';

/**
 * Pre-annotation acceptance of a span version: what annotators kept of its suggestions. A
 * prediction is marked `shownAt` when the queue first hands its spans to an annotator
 * (lease-next-item.ts); an answer counts for it when it is a person's, on that item, first shown
 * after that moment (its creation less its time on screen, so someone who leased the item before
 * the suggestion existed is not counted), and no later suggestion of the item was shown before it.
 * Each answer adds the suggestions above the confidence cut and how many it kept exactly.
 */
export async function measurePreannotationAcceptance(db: Database, versionId: number): Promise<TPreannotationAcceptance> {
  const result = await db.execute<{ suggestion: { spans?: TPredictedSpan[] }; answer: TStructuredValue }>(sql`
    select p.value as suggestion, a.value as answer
    from predictions p
    join annotations a on a.item_id = p.item_id and a.source = 'human' and a.value is not null
      and a.created_at - make_interval(secs => coalesce(a.lead_time_ms, 0) / 1000.0) >= (p.value->>'shownAt')::timestamptz - interval '1 second'
    where p.model_version_id = ${versionId} and p.value ? 'shownAt'
      and not exists (
        select 1 from predictions q
        where q.item_id = p.item_id and q.id <> p.id and q.value ? 'shownAt'
          and (q.value->>'shownAt')::timestamptz > (p.value->>'shownAt')::timestamptz
          and (q.value->>'shownAt')::timestamptz <= a.created_at)`);
  let suggested = 0;
  let kept = 0;
  for (const row of result.rows) {
    const answer = 'spans' in row.answer ? row.answer.spans : [];
    const counted = countKeptSuggestions(selectPreannotations(row.suggestion.spans ?? []), answer);
    suggested += counted.suggested;
    kept += counted.kept;
  }
  return { suggested, kept, rate: suggested > 0 ? kept / suggested : null, answers: result.rows.length, minConfidence: PREANNOTATION_MIN_CONFIDENCE, measuredAt: new Date().toISOString() };
}

/**
 * Measures every version of the project whose suggestions were shown and stores the figure in its
 * metrics: done before a training, whose rescoring prunes older versions' predictions, so the
 * figure outlives them. Returns the figures by version id.
 */
export async function storePreannotationAcceptance(db: Database, projectId: number): Promise<Map<number, TPreannotationAcceptance>> {
  // Ready versions whose predictions are still there (the current and the pinned one), each probed on its own index range.
  const versions = await db.execute<{ id: number }>(sql`
    select v.id from model_versions v
    where v.project_id = ${projectId} and v.status = 'ready'
      and exists (select 1 from predictions p where p.model_version_id = v.id and p.value ? 'shownAt')`);
  const figures = new Map<number, TPreannotationAcceptance>();
  for (const { id } of versions.rows) {
    const figure = await measurePreannotationAcceptance(db, Number(id));
    figures.set(Number(id), figure);
    await db.execute(sql`
      update model_versions set metrics = jsonb_set(coalesce(metrics, '{}'::jsonb), '{preannotation}', ${JSON.stringify(figure)}::jsonb)
      where id = ${Number(id)}`);
  }
  return figures;
}
