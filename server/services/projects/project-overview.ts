import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { hasProjectPermission, type TProjectRole } from '@/server/auth/roles';
import { listModelVersions } from '@/server/services/learning/model-versions';
import type { TMetric } from '@/server/services/learning/version-metrics';
import { addToProgress, EMPTY_ITEM_PROGRESS, type TItemProgress } from './item-progress';
import { getProject } from './projects';

/**
 * Where a project stands, for its overview page: progress, the final labels, the model and its trend,
 * agreement, today's throughput and what needs someone's attention. A handful of aggregate statements,
 * each on an index, so the page stays fast on a million items; what the viewer's role may not see
 * (other people's work, quality figures) is left out here, not hidden by the page.
 */

export type TOverviewViewer = { userId: string; role: TProjectRole | 'admin' };

export type TLabelCount = { labelId: number; name: string; color: string; items: number };

export type TModelTrendPoint = { version: number; labelCount: number; accuracy: TMetric | null; beatsBaseline: boolean | null; createdAt: Date };

export type TOverviewModel = {
  /** The version that orders the queue, null before the first one that beats the baseline (or is pinned). */
  current: (TModelTrendPoint & { isPinned: boolean; baselineAccuracy: number | null }) | null;
  /** Ready versions, oldest first. */
  trend: TModelTrendPoint[];
};

export type TOverviewAgreement =
  | { alpha: number; ci95: [number, number] | null; items: number; annotators: number; computedAt: Date }
  | { alpha: null; reason: string; items: number; annotators: number; computedAt: Date };

export const ATTENTION_KINDS = ['review_queue', 'stale_model', 'below_baseline', 'training_failed', 'interrupted_import'] as const;
export type TAttentionKind = (typeof ATTENTION_KINDS)[number];
export type TAttention = { kind: TAttentionKind; message: string; href: 'review' | 'models' | 'data' | null };

export type TProjectOverview = {
  progress: TItemProgress;
  /** Since `since` (the start of the viewer's day): the viewer's own labels, and everyone's for those who see quality. */
  throughput: { since: Date; mine: number; everyone: number | null; activeAnnotators: number | null };
  /** Items per final label, for those who see quality; null otherwise. */
  labelDistribution: TLabelCount[] | null;
  model: TOverviewModel | null;
  agreement: TOverviewAgreement | null;
  /** Items waiting for a reviewer, for those who review. */
  reviewQueue: number | null;
  attention: TAttention[];
  /** What the page's main button does for this viewer. */
  primaryAction: 'review' | 'label' | null;
};

/** Ready versions shown in the trend. */
const TREND_VERSIONS = 12;

type TItemGroupRow = {
  status: string;
  is_started: boolean;
  is_gold_check: boolean;
  final_label_id: number | null;
  is_trainable: boolean;
  n: number | string;
};

export async function getProjectOverview(db: Database, projectId: number, viewer: TOverviewViewer, { since }: { since: Date }): Promise<TProjectOverview> {
  const canSeeQuality = hasProjectPermission(viewer.role, 'quality.view');
  const canReview = hasProjectPermission(viewer.role, 'review.decide');
  const canLabel = hasProjectPermission(viewer.role, 'label.submit');
  const canImport = hasProjectPermission(viewer.role, 'data.import');
  const [project, groups, throughput, reviewQueue, versions, snapshot, training, latestImport] = await Promise.all([
    getProject(db, projectId),
    countItemGroups(db, projectId),
    countThroughput(db, projectId, viewer.userId, since),
    canReview ? countReviewQueue(db, projectId) : null,
    canSeeQuality ? listModelVersions(db, projectId, { limit: 50 }) : null,
    canSeeQuality ? readAgreementHeadline(db, projectId) : null,
    canSeeQuality ? readLatestTraining(db, projectId) : null,
    canImport ? readLatestImport(db, projectId) : null,
  ]);

  const progress = { ...EMPTY_ITEM_PROGRESS };
  const finalByLabel = new Map<number, number>();
  let trainableLabels = 0;
  for (const row of groups) {
    const n = Number(row.n);
    addToProgress(progress, row.status, row.is_started, row.is_gold_check, n);
    // Items still in review may carry a provisional label: counted once a decision stands, as "Labeled" counts them.
    const isDecided = row.status === 'labeled' || row.status === 'reviewed';
    if (row.final_label_id !== null && !row.is_gold_check && isDecided) finalByLabel.set(row.final_label_id, (finalByLabel.get(row.final_label_id) ?? 0) + n);
    if (row.is_trainable) trainableLabels += n;
  }

  const ready = (versions ?? []).filter((version) => version.status === 'ready');
  const toPoint = (version: (typeof ready)[number]): TModelTrendPoint => ({
    version: version.version,
    labelCount: version.labelCount,
    accuracy: version.accuracy,
    beatsBaseline: version.beatsBaseline,
    createdAt: version.createdAt,
  });
  const current = ready.find((version) => version.isCurrent) ?? null;
  const model: TOverviewModel | null = versions
    ? {
        current: current ? { ...toPoint(current), isPinned: current.isPinned, baselineAccuracy: current.baselineAccuracy } : null,
        trend: ready.slice(0, TREND_VERSIONS).reverse().map(toPoint),
      }
    : null;

  const attention: TAttention[] = [];
  if (reviewQueue !== null && reviewQueue > 0) {
    attention.push({ kind: 'review_queue', message: `${formatCount(reviewQueue)} ${reviewQueue === 1 ? 'item waits' : 'items wait'} for a reviewer.`, href: 'review' });
  }
  if (canSeeQuality) {
    const newest = ready[0] ?? null;
    const isTraining = training?.status === 'queued' || training?.status === 'running';
    const retrainEvery = project.settings.retrainEvery;
    const labelsSince = trainableLabels - (newest?.labelCount ?? 0);
    if (!isTraining && labelsSince >= retrainEvery) {
      attention.push({
        kind: 'stale_model',
        message: newest
          ? `v${newest.version} learned from ${formatCount(newest.labelCount)} labels; ${formatCount(labelsSince)} more have come in since (retraining is set for every ${formatCount(retrainEvery)}).`
          : `${formatCount(trainableLabels)} labels and no model trained yet (training is set for every ${formatCount(retrainEvery)} labels).`,
        href: 'models',
      });
    }
    if (newest && newest.beatsBaseline === false && !newest.isPinned) {
      attention.push({
        kind: 'below_baseline',
        message: `v${newest.version} is no better than always answering the commonest label (${formatShare(newest.baselineAccuracy)}), so it does not order the queue${current ? `; v${current.version} still does` : ''}.`,
        href: 'models',
      });
    }
    if (training?.status === 'failed') {
      attention.push({ kind: 'training_failed', message: `The last training failed${training.error ? `: ${training.error}` : '.'}`, href: 'models' });
    }
  }
  if (latestImport?.status === 'interrupted') {
    attention.push({
      kind: 'interrupted_import',
      message: `The import${latestImport.fileName ? ` of ${latestImport.fileName}` : ''} started ${latestImport.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC was interrupted; nothing of it was imported. Run it again.`,
      href: 'data',
    });
  }

  return {
    progress,
    throughput: {
      since,
      mine: throughput.mine,
      everyone: canSeeQuality ? throughput.everyone : null,
      activeAnnotators: canSeeQuality ? throughput.activeAnnotators : null,
    },
    labelDistribution: canSeeQuality
      ? project.labels.map((label) => ({ labelId: label.id, name: label.name, color: label.color, items: finalByLabel.get(label.id) ?? 0 }))
      : null,
    model,
    agreement: snapshot,
    reviewQueue,
    attention,
    primaryAction: canReview && (reviewQueue ?? 0) > 0 ? 'review' : canLabel ? 'label' : canReview ? 'review' : null,
  };
}

/**
 * One grouped pass over the project's items: progress, final labels and the labels the next training
 * would learn from (human final labels outside the evaluation set, as `getLearningOverview` counts them).
 */
async function countItemGroups(db: Database, projectId: number): Promise<TItemGroupRow[]> {
  const result = await db.execute<TItemGroupRow>(sql`
    select status, annotation_count > 0 as is_started, is_gold_check, final_label_id,
      (final_label_id is not null and not is_eval and coalesce(final_source in ('single', 'consensus', 'review'), false)) as is_trainable,
      count(*) as n
    from items
    where project_id = ${projectId}
    group by 1, 2, 3, 4, 5`);
  return result.rows.map((row) => ({ ...row, final_label_id: row.final_label_id === null ? null : Number(row.final_label_id) }));
}

/**
 * Labels since `since`: the viewer's own, and everyone's summed over each annotator's range of the
 * (project, annotator, created_at) index. The annotators are found by skipping through that index
 * (one probe each), so the count never walks the project's older annotations.
 */
async function countThroughput(db: Database, projectId: number, userId: string, since: Date): Promise<{ mine: number; everyone: number; activeAnnotators: number }> {
  const sinceText = since.toISOString();
  const result = await db.execute<{ mine: number | string; everyone: number | string | null; active: number | string | null }>(sql`
    with recursive annotators(id) as (
      (select annotator_id from annotations where project_id = ${projectId} order by annotator_id limit 1)
      union all
      select (select a.annotator_id from annotations a where a.project_id = ${projectId} and a.annotator_id > annotators.id order by a.annotator_id limit 1)
      from annotators where annotators.id is not null
    ),
    per_annotator as (
      select annotators.id,
        (select count(*) from annotations a where a.project_id = ${projectId} and a.annotator_id = annotators.id and a.created_at >= ${sinceText}::timestamptz) as n
      from annotators where annotators.id is not null
    )
    select
      coalesce((select n from per_annotator where id = ${userId}), 0) as mine,
      (select sum(n) from per_annotator) as everyone,
      (select count(*) from per_annotator where n > 0) as active`);
  const row = result.rows[0];
  return { mine: Number(row?.mine ?? 0), everyone: Number(row?.everyone ?? 0), activeAnnotators: Number(row?.active ?? 0) };
}

async function countReviewQueue(db: Database, projectId: number): Promise<number> {
  const result = await db.execute<{ n: number | string }>(sql`select count(distinct item_id) as n from review_tasks where project_id = ${projectId} and status = 'open'`);
  return Number(result.rows[0]?.n ?? 0);
}

/** Krippendorff's alpha from the stored quality report: read from its row, never recomputed here. */
async function readAgreementHeadline(db: Database, projectId: number): Promise<TOverviewAgreement | null> {
  const result = await db.execute<{ alpha: { value: number | null; ci95?: [number, number] | null; reason?: string } | null; items: number | string | null; annotators: number | string | null; computed_at: Date | string | null }>(sql`
    select report->'agreement'->'krippendorff_alpha' as alpha, report->'agreement'->'items' as items,
      report->'agreement'->'annotators' as annotators, computed_at
    from quality_snapshots where project_id = ${projectId} and report is not null`);
  const row = result.rows[0];
  if (!row?.alpha || !row.computed_at) return null;
  const base = { items: Number(row.items ?? 0), annotators: Number(row.annotators ?? 0), computedAt: new Date(row.computed_at) };
  return row.alpha.value === null
    ? { ...base, alpha: null, reason: row.alpha.reason ?? 'Not computable yet.' }
    : { ...base, alpha: row.alpha.value, ci95: row.alpha.ci95 ?? null };
}

async function readLatestTraining(db: Database, projectId: number): Promise<{ status: string; error: string | null } | null> {
  const result = await db.execute<{ status: string; error: string | null }>(sql`
    select status, error from jobs where project_id = ${projectId} and kind = 'train' order by created_at desc, id desc limit 1`);
  return result.rows[0] ?? null;
}

async function readLatestImport(db: Database, projectId: number): Promise<{ status: string; fileName: string | null; createdAt: Date } | null> {
  const result = await db.execute<{ status: string; file_name: string | null; created_at: Date | string }>(sql`
    select status, file_name, created_at from imports where project_id = ${projectId} order by created_at desc limit 1`);
  const row = result.rows[0];
  return row ? { status: row.status, fileName: row.file_name, createdAt: new Date(row.created_at) } : null;
}

function formatCount(value: number): string {
  return value.toLocaleString('en');
}

function formatShare(value: number | null): string {
  return value === null ? 'unknown accuracy' : `${(value * 100).toFixed(1)}% accuracy`;
}
