import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { analyzeAgreement, DEFAULT_BOOTSTRAP_SAMPLES, DEFAULT_BOOTSTRAP_SEED } from '@/ml/agreement';
import { applyConsensus, computeItemConsensus } from './consensus';
import { notifyLabelsChanged } from '@/server/services/learning/notify-labels-changed';
import { computeDailyActivity, computeLabelDistribution } from './activity';
import { computeAnnotatorQuality } from './annotators';
import { computeAgreementOverTime } from './over-time';
import { computeProjectMultilabelAgreement } from './multi-label-agreement';
import { computeProjectSpanAgreement } from './span-agreement';
import { loadProjectRatings } from './ratings';
import { getProject } from '@/server/services/projects/projects';
import { QUALITY_SNAPSHOT_VERSION, type TQualitySnapshot } from './quality-types';

/** A lease older than this belongs to a refresh that died; the next one takes over. */
const LEASE_TIMEOUT_MINUTES = 30;

export type TRefreshOutcome = { state: 'done'; snapshot: TQualitySnapshot } | { state: 'busy' };

/**
 * Recomputes a project's quality report from all its annotations: agreement (the numbers `npx
 * quorum agreement` prints for the same ratings), Dawid–Skene consensus written back as final
 * labels, annotator quality, agreement over time, label distribution and daily activity; then
 * stores it as the project's snapshot. One refresh per project at a time, across processes: the
 * snapshot row is leased first, and a caller that finds it leased gets 'busy'.
 */
export async function refreshQualitySnapshot(db: Database, projectId: number): Promise<TRefreshOutcome> {
  if (!(await claimRefreshLease(db, projectId))) return { state: 'busy' };
  const startedAt = performance.now();
  let consensusChanged = 0;
  try {
    const ratings = await loadProjectRatings(db, projectId);
    const bootstrap = DEFAULT_BOOTSTRAP_SAMPLES;
    const seed = DEFAULT_BOOTSTRAP_SEED;
    const analysis = analyzeAgreement(ratings.index, { bootstrapSamples: bootstrap, seed });
    const consensusTable = computeItemConsensus(ratings, analysis.dawidSkene, analysis.collapsed.patternOf);
    const consensus = await applyConsensus(db, ratings, consensusTable);
    consensusChanged = consensus.itemsChanged;
    const snapshot: TQualitySnapshot = {
      version: QUALITY_SNAPSHOT_VERSION,
      computedAt: new Date().toISOString(),
      durationMs: 0,
      annotationCount: ratings.index.ratingCount,
      cli: { categories: ratings.labels.map((label) => label.category), bootstrap, seed },
      agreement: analysis.report,
      annotators: computeAnnotatorQuality(ratings, analysis),
      agreementOverTime: computeAgreementOverTime(ratings, analysis, seed),
      labelDistribution: await computeLabelDistribution(db, ratings),
      dailyActivity: computeDailyActivity(ratings),
      consensus,
      ...(await computeTaskTypeSections(db, projectId, { bootstrapSamples: bootstrap, seed, maxAnnotationId: ratings.watermark })),
    };
    snapshot.durationMs = Math.round(performance.now() - startedAt);
    await db.execute(sql`
      update quality_snapshots set report = ${JSON.stringify(snapshot)}::jsonb, computed_at = ${snapshot.computedAt},
        annotation_watermark = ${ratings.watermark}, annotation_count = ${snapshot.annotationCount},
        duration_ms = ${snapshot.durationMs}, refresh_started_at = null, refresh_error = null
      where project_id = ${projectId}`);
    return { state: 'done', snapshot };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.execute(sql`update quality_snapshots set refresh_started_at = null, refresh_error = ${message.slice(0, 2000)} where project_id = ${projectId}`);
    throw error;
  } finally {
    // Final labels changed: the learning loop counts them like any other label change.
    if (consensusChanged > 0) await notifyLabelsChanged(db, projectId);
  }
}

/**
 * The agreement sections only some task types have: label sets (multi-label), spans. They read the
 * annotations up to the watermark the single-label ratings reached, so the report covers one set
 * of annotations and the ratings download (cut at the same watermark) reproduces every section.
 */
async function computeTaskTypeSections(
  db: Database,
  projectId: number,
  options: { bootstrapSamples: number; seed: number; maxAnnotationId: number },
): Promise<Pick<TQualitySnapshot, 'multiLabel' | 'spans'>> {
  const { taskType } = await getProject(db, projectId);
  return {
    multiLabel: taskType === 'multi_label' ? await computeProjectMultilabelAgreement(db, projectId, options) : null,
    spans: taskType === 'spans' ? await computeProjectSpanAgreement(db, projectId, options) : null,
  };
}

async function claimRefreshLease(db: Database, projectId: number): Promise<boolean> {
  const { rows } = await db.execute<{ project_id: number }>(sql`
    insert into quality_snapshots (project_id, refresh_started_at) values (${projectId}, now())
    on conflict (project_id) do update set refresh_started_at = now()
    where quality_snapshots.refresh_started_at is null
       or quality_snapshots.refresh_started_at < now() - make_interval(mins => ${LEASE_TIMEOUT_MINUTES})
    returning project_id`);
  return rows.length > 0;
}

type TRefreshGlobal = typeof globalThis & { __quorumQualityRefreshes?: Map<number, Promise<TRefreshOutcome>> };

/**
 * Starts a refresh in the background of this process unless one is already running here; returns
 * its promise (callers that do not await it get errors logged, not thrown).
 */
export function startQualityRefresh(db: Database, projectId: number): Promise<TRefreshOutcome> {
  const store = globalThis as TRefreshGlobal;
  store.__quorumQualityRefreshes ??= new Map();
  const running = store.__quorumQualityRefreshes;
  const existing = running.get(projectId);
  if (existing) return existing;
  const refresh = refreshQualitySnapshot(db, projectId).finally(() => running.delete(projectId));
  running.set(projectId, refresh);
  refresh.catch((error: unknown) => console.error(`[quality] refresh of project ${projectId} failed:`, error));
  return refresh;
}

/** Projects with annotations newer than their report (or with annotations and no report): what a periodic refresh should visit. */
export async function findProjectsNeedingRefresh(db: Database): Promise<{ id: number; slug: string }[]> {
  const { rows } = await db.execute<{ id: number; slug: string }>(sql`
    select p.id, p.slug from projects p
    left join quality_snapshots q on q.project_id = p.id
    where exists (select 1 from annotations a where a.project_id = p.id and a.id > coalesce(q.annotation_watermark, 0))
    order by p.id`);
  return rows.map((row) => ({ id: Number(row.id), slug: row.slug }));
}
