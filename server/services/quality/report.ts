import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projects } from '@/db/schema';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { listAgreementCliOptions } from './agreement-cli-options';
import { loadModelCurve, loadSimulationSummary, type TModelPoint, type TSimulationSummary } from './models';
import { refreshQualitySnapshot, startQualityRefresh } from './refresh';
import { QUALITY_SNAPSHOT_VERSION, type TQualitySnapshot } from './quality-types';

/** Up to this many annotations a stale report is recomputed before it is shown; above it, in the background. */
export const SYNC_REFRESH_LIMIT = 20_000;
/** New annotations are counted up to here ("10 000+ new"): counting all of them could cost more than the report. */
const NEW_ANNOTATIONS_COUNT_LIMIT = 10_000;
/**
 * Annotators with fewer labels on items others also labeled are left out of the human band: without
 * overlap Dawid–Skene cannot tell an annotator's errors from the truth, and calls everyone perfect.
 */
export const MIN_SHARED_FOR_BAND = 20;

export type THumanBand = {
  /**
   * 'accuracy': the annotators' Dawid–Skene accuracy, `low`–`high` the range over annotators.
   * 'pairwise_micro_f1' (multi-label): annotators scored against each other by micro-F1, the model's
   * metric; `low`–`high` its 95% bootstrap interval.
   */
  kind: 'accuracy' | 'pairwise_micro_f1';
  /** Label-weighted mean of the annotators' Dawid–Skene accuracy estimates (or the pairwise micro-F1). */
  mean: number;
  low: number;
  high: number;
  annotators: number;
  alpha: { value: number; ci95: [number, number] | null } | null;
};

export type TReliabilityVerdict = { level: 'reliable' | 'tentative' | 'unreliable'; alpha: number; ci95: [number, number] | null };
export type TModelVerdict = { level: 'above' | 'at' | 'below'; version: number; accuracy: TModelPoint['accuracy']; humanMean: number };

export type TQualityReport = {
  snapshot: TQualitySnapshot | null;
  /** What follows `npx quorum agreement ratings.jsonl` to print the snapshot's agreement section (listAgreementCliOptions). */
  agreementCliOptions: string[] | null;
  status: {
    computedAt: Date | null;
    isRefreshing: boolean;
    refreshError: string | null;
    /** Annotations newer than the snapshot (counted up to NEW_ANNOTATIONS_COUNT_LIMIT). */
    newAnnotations: number;
    isNewAnnotationsCapped: boolean;
  };
  models: TModelPoint[];
  humanBand: THumanBand | null;
  verdicts: { labels: TReliabilityVerdict | null; model: TModelVerdict | null };
  simulation: TSimulationSummary | null;
};

type TSnapshotRow = {
  report: unknown;
  computed_at: Date | string | null;
  annotation_watermark: number | string;
  refresh_started_at: Date | string | null;
  refresh_error: string | null;
};

/**
 * The report as the page wants it: a project with new annotations (or no report yet) and at most
 * SYNC_REFRESH_LIMIT annotations is recomputed first; a bigger one gets its previous report at once
 * and a refresh in the background, started only after the report was read so the two do not
 * compete (the page shows "recomputing" and polls).
 */
export async function loadQualityReport(db: Database, projectId: number): Promise<TQualityReport> {
  const plan = await planQualityRefresh(db, projectId);
  if (plan === 'now') await refreshQualitySnapshot(db, projectId);
  const report = await getQualityReport(db, projectId);
  if (plan === 'background') {
    void startQualityRefresh(db, projectId).catch(() => undefined);
    report.status.isRefreshing = true;
  }
  return report;
}

async function planQualityRefresh(db: Database, projectId: number): Promise<'current' | 'now' | 'background'> {
  const row = await readSnapshotRow(db, projectId);
  const snapshot = readSnapshot(row);
  // Without a readable snapshot every annotation is new; with none at all there is nothing to compute.
  const watermark = snapshot ? Number(row?.annotation_watermark ?? 0) : 0;
  if ((await countAnnotationsAbove(db, projectId, watermark, 1)) === 0) return 'current';
  // A refresh that finds the snapshot leased returns 'busy' at once: someone else is already on it.
  const total = await countAnnotationsAbove(db, projectId, 0, SYNC_REFRESH_LIMIT + 1);
  return total <= SYNC_REFRESH_LIMIT ? 'now' : 'background';
}

/**
 * A manager's "recompute now": done at once for a project of at most SYNC_REFRESH_LIMIT
 * annotations, started in the background otherwise ('running'); 'busy' when a refresh already holds
 * the project.
 */
export async function requestQualityRefresh(db: Database, projectId: number): Promise<{ state: 'done' | 'running' | 'busy' }> {
  const total = await countAnnotationsAbove(db, projectId, 0, SYNC_REFRESH_LIMIT + 1);
  if (total <= SYNC_REFRESH_LIMIT) return { state: (await refreshQualitySnapshot(db, projectId)).state };
  const running = startQualityRefresh(db, projectId);
  // A lease held elsewhere answers within a query; a started refresh takes longer than this.
  const early = await Promise.race([running.then((outcome) => outcome.state), new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 200))]).catch(() => 'running' as const);
  return { state: early };
}

/** The stored report plus what changes without a refresh: model versions, the latest simulation, the verdicts. */
export async function getQualityReport(db: Database, projectId: number): Promise<TQualityReport> {
  const row = await readSnapshotRow(db, projectId);
  const snapshot = readSnapshot(row);
  const watermark = snapshot ? Number(row?.annotation_watermark ?? 0) : 0;
  const newAnnotations = await countAnnotationsAbove(db, projectId, watermark, NEW_ANNOTATIONS_COUNT_LIMIT + 1);
  const [project] = await db.select({ settings: projects.settings, taskType: projects.taskType }).from(projects).where(eq(projects.id, projectId));
  const models = await loadModelCurve(db, projectId);
  // With the task type: the strategy a multi-label project actually samples by.
  const simulation = await loadSimulationSummary(db, projectId, parseProjectSettings(project?.settings, project?.taskType).samplingStrategy);
  const humanBand = snapshot ? describeHumanBand(snapshot) : null;
  return {
    snapshot,
    agreementCliOptions: snapshot ? listAgreementCliOptions(snapshot) : null,
    status: {
      computedAt: row?.computed_at ? new Date(row.computed_at) : null,
      isRefreshing: row?.refresh_started_at != null,
      refreshError: row?.refresh_error ?? null,
      newAnnotations: Math.min(newAnnotations, NEW_ANNOTATIONS_COUNT_LIMIT),
      isNewAnnotationsCapped: newAnnotations > NEW_ANNOTATIONS_COUNT_LIMIT,
    },
    models,
    humanBand,
    verdicts: { labels: snapshot ? judgeReliability(snapshot) : null, model: judgeModel(models, humanBand) },
    simulation,
  };
}

async function readSnapshotRow(db: Database, projectId: number): Promise<TSnapshotRow | undefined> {
  const { rows } = await db.execute<TSnapshotRow>(sql`
    select report, computed_at, annotation_watermark, refresh_started_at, refresh_error from quality_snapshots where project_id = ${projectId}`);
  return rows[0];
}

function readSnapshot(row: TSnapshotRow | undefined): TQualitySnapshot | null {
  const report = row?.report as Partial<TQualitySnapshot> | null | undefined;
  return report && report.version === QUALITY_SNAPSHOT_VERSION ? (report as TQualitySnapshot) : null;
}

async function countAnnotationsAbove(db: Database, projectId: number, watermark: number, limit: number): Promise<number> {
  const { rows } = await db.execute<{ count: number | string }>(sql`
    select count(*) as count from (select 1 from annotations where project_id = ${projectId} and id > ${watermark} limit ${limit}) recent`);
  return Number(rows[0]?.count ?? 0);
}

/**
 * Human level: the annotators' estimated accuracy (Dawid–Skene, against the consensus they make
 * up), mean weighted by labels, with the range of the annotators who shared enough items with others
 * to be measured, and Krippendorff's alpha beside it.
 */
export function describeHumanBand(snapshot: TQualitySnapshot): THumanBand | null {
  if (snapshot.multiLabel) return describeSetBand(snapshot.multiLabel);
  const counted = snapshot.annotators.filter((row) => row.estimatedAccuracy !== null && (row.consensusAgreement?.n ?? 0) >= MIN_SHARED_FOR_BAND);
  if (counted.length === 0) return null;
  let weighted = 0;
  let labels = 0;
  for (const row of counted) {
    weighted += row.estimatedAccuracy! * row.labels;
    labels += row.labels;
  }
  const accuracies = counted.map((row) => row.estimatedAccuracy!);
  const alpha = snapshot.agreement.krippendorff_alpha;
  return {
    kind: 'accuracy',
    mean: weighted / labels,
    low: Math.min(...accuracies),
    high: Math.max(...accuracies),
    annotators: counted.length,
    alpha: alpha.value === null ? null : { value: alpha.value, ci95: alpha.ci95 },
  };
}

/**
 * A multi-label project's human level on the model's scale: the annotators' pairwise micro-F1 and
 * its interval, beside Krippendorff's α over sets (MASI).
 */
function describeSetBand(report: NonNullable<TQualitySnapshot['multiLabel']>): THumanBand | null {
  const f1 = report.pairwiseMicroF1;
  if (!f1 || f1.value === null) return null;
  const alpha = report.krippendorffAlphaMasi;
  return {
    kind: 'pairwise_micro_f1',
    mean: f1.value,
    low: f1.ci95?.[0] ?? f1.value,
    high: f1.ci95?.[1] ?? f1.value,
    annotators: report.annotators,
    alpha: alpha.value === null ? null : { value: alpha.value, ci95: alpha.ci95 },
  };
}

/**
 * Krippendorff's (2004) rule of thumb: α ≥ 0.800 reliable, 0.667 ≤ α < 0.800 for tentative
 * conclusions only. A multi-label project is judged on its α over whole sets (MASI distance).
 */
export function judgeReliability(snapshot: TQualitySnapshot): TReliabilityVerdict | null {
  // Spans projects: α over the annotators' token tags; multi-label projects: α over whole label sets
  // (MASI distance). The single-label ratings are empty in both.
  const alpha = snapshot.spans ? snapshot.spans.tokenAlpha : snapshot.multiLabel ? snapshot.multiLabel.krippendorffAlphaMasi : snapshot.agreement.krippendorff_alpha;
  if (alpha.value === null) return null;
  const level = alpha.value >= 0.8 ? 'reliable' : alpha.value >= 0.667 ? 'tentative' : 'unreliable';
  return { level, alpha: alpha.value, ci95: alpha.ci95 };
}

/**
 * The latest model against the human mean: above when its whole 95% interval is above, below when
 * its whole interval is below, at human level when the interval covers the human mean.
 */
export function judgeModel(models: TModelPoint[], band: THumanBand | null): TModelVerdict | null {
  const latest = models[models.length - 1];
  if (!latest || !band) return null;
  const [low, high] = latest.accuracy.ci95 ?? [latest.accuracy.value, latest.accuracy.value];
  const level = low > band.mean ? 'above' : high < band.mean ? 'below' : 'at';
  return { level, version: latest.version, accuracy: latest.accuracy, humanMean: band.mean };
}
