import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { parseModelKind, type ClassifierKind } from '@/ml/model-kinds';
import { modelVersions, type TModelVersionStatus } from '@/db/schema';
import type { TFeatureConfig } from './compute';
import type { TPreannotationAcceptance } from './span-version-metrics';
import type { TMetric, TMultilabelVersionMetrics, TVersionMetrics } from './version-metrics';
import type { TMultilabelModelMetadata } from '@/ml/multilabel/train-multilabel-classifier';
import type { ModelArtifact } from '@/ml/predict';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { wakeWorkers } from '@/server/services/jobs/wake-workers';
import { enqueueTraining } from '@/server/services/jobs/jobs';

/**
 * Model versions: every training stores one, with its tfjs weights, the featurizer it needs,
 * its held-out metrics, the strategy and the number of labels it learned from. The current
 * version, the one that scores the queue, is the pinned one if any, else the newest ready one
 * that beats the majority-class baseline.
 */

export type TModelVersionSummary = {
  id: number;
  version: number;
  status: TModelVersionStatus;
  kind: string;
  strategy: string;
  labelCount: number;
  backend: string | null;
  isPinned: boolean;
  isCurrent: boolean;
  /** What the version predicts: one label per item, or a set (multi-label: micro-F1 instead of accuracy, no ECE). */
  task: 'single_label' | 'multi_label';
  accuracy: TMetric | null;
  /** Multi-label versions: micro-F1 over every (item, label) cell; null otherwise. */
  microF1: TMetric | null;
  macroF1: TMetric | null;
  ece: TMetric | null;
  evalSize: number;
  baselineAccuracy: number | null;
  /** Multi-label versions: micro-F1 of the best constant answer (setBaseline). */
  baselineMicroF1: number | null;
  /** Null when there was nothing to judge by (no evaluation labels, or a version from before the guard). */
  beatsBaseline: boolean | null;
  calibration: { temperature: number; eceBefore: number; eceAfter: number } | null;
  /** Span versions: exact and partial span F1, token F1, the dictionary baseline's exact F1, what annotators kept of the suggestions; null otherwise. */
  spans: { exactF1: number | null; partialF1: number | null; tokenF1: number | null; baselineExactF1: number | null; acceptance: TPreannotationAcceptance | null } | null;
  error: string | null;
  trainSeconds: number | null;
  createdAt: Date;
  finishedAt: Date | null;
};

const SUMMARY_COLUMNS = {
  id: modelVersions.id,
  version: modelVersions.version,
  status: modelVersions.status,
  kind: modelVersions.kind,
  strategy: modelVersions.strategy,
  labelCount: modelVersions.labelCount,
  backend: modelVersions.backend,
  isPinned: modelVersions.isPinned,
  metrics: modelVersions.metrics,
  trainConfig: modelVersions.trainConfig,
  error: modelVersions.error,
  createdAt: modelVersions.createdAt,
  finishedAt: modelVersions.finishedAt,
};

type TSummaryRow = Pick<typeof modelVersions.$inferSelect, keyof typeof SUMMARY_COLUMNS>;

function toSummary(row: TSummaryRow, currentId: number | null): TModelVersionSummary {
  const metrics = row.metrics as (TVersionMetrics & Partial<Pick<TMultilabelVersionMetrics, 'task' | 'microF1' | 'setBaseline'>>) | null;
  const seconds = (row.trainConfig as { seconds?: { total?: number } }).seconds?.total;
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    kind: row.kind,
    strategy: row.strategy,
    labelCount: row.labelCount,
    backend: row.backend,
    isPinned: row.isPinned,
    isCurrent: row.id === currentId,
    task: metrics?.task === 'multi_label' || row.kind === 'sigmoid' ? 'multi_label' : 'single_label',
    accuracy: metrics?.accuracy ?? null,
    microF1: metrics?.microF1 ?? null,
    macroF1: metrics?.macroF1 ?? null,
    ece: metrics?.ece ? { value: metrics.ece.value, ci95: metrics.ece.ci95 } : null,
    evalSize: metrics?.evalSize ?? 0,
    baselineAccuracy: metrics?.baseline?.accuracy ?? null,
    baselineMicroF1: metrics?.setBaseline?.microF1 ?? null,
    beatsBaseline: metrics?.beatsBaseline ?? null,
    calibration: metrics?.calibration ? { temperature: metrics.calibration.temperature, eceBefore: metrics.calibration.eceBefore, eceAfter: metrics.calibration.eceAfter } : null,
    spans: metrics?.spans
      ? {
          exactF1: metrics.spans.exact.f1,
          partialF1: metrics.spans.partialF1,
          tokenF1: metrics.spans.token.f1,
          baselineExactF1: metrics.spans.baseline.exactF1,
          acceptance: metrics.preannotation ?? null,
        }
      : null,
    error: row.error,
    trainSeconds: typeof seconds === 'number' ? seconds : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/**
 * The version that scores the queue: pinned, else the newest ready one that beats the
 * majority-class baseline on the evaluation set (a version no better than always answering the
 * commonest label orders the queue by noise); null before the first such version.
 */
/** Whether any version of the project finished training (its rescoring, not the import's order, then orders the queue). */
export async function hasReadyModelVersion(db: Database, projectId: number): Promise<boolean> {
  const [row] = await db.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.status, 'ready'))).limit(1);
  return row !== undefined;
}

export async function getCurrentModelVersion(db: Database, projectId: number): Promise<{ id: number; version: number } | null> {
  const [row] = await db
    .select({ id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.projectId, projectId),
        eq(modelVersions.status, 'ready'),
        sql`(${modelVersions.isPinned} or coalesce((${modelVersions.metrics}->>'beatsBaseline')::boolean, true))`,
      ),
    )
    .orderBy(desc(modelVersions.isPinned), desc(modelVersions.version))
    .limit(1);
  return row ?? null;
}

export async function listModelVersions(db: Database, projectId: number, { limit = 100 }: { limit?: number } = {}): Promise<TModelVersionSummary[]> {
  const current = await getCurrentModelVersion(db, projectId);
  const rows = await db
    .select(SUMMARY_COLUMNS)
    .from(modelVersions)
    .where(eq(modelVersions.projectId, projectId))
    .orderBy(desc(modelVersions.version))
    .limit(limit);
  return rows.map((row) => toSummary(row, current?.id ?? null));
}

export type TModelVersionDetail = TModelVersionSummary & {
  metrics: TVersionMetrics | null;
  trainConfig: Record<string, unknown>;
  /** The featurizer's settings, without its fitted IDF weights. */
  featurizer: Record<string, unknown> | null;
};

export async function getModelVersion(db: Database, projectId: number, versionId: number): Promise<TModelVersionDetail> {
  const [row] = await db
    .select({ ...SUMMARY_COLUMNS, featureConfig: modelVersions.featureConfig })
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.id, versionId)));
  if (!row) throw new AppError('NOT_FOUND', 'No such model version in this project');
  const current = await getCurrentModelVersion(db, projectId);
  const { idf: _idf, ...featurizer } = (row.featureConfig ?? {}) as Record<string, unknown>;
  return {
    ...toSummary(row, current?.id ?? null),
    metrics: row.metrics as TVersionMetrics | null,
    trainConfig: row.trainConfig,
    featurizer: row.featureConfig ? featurizer : null,
  };
}

export type TVersionComparison = {
  a: TModelVersionDetail;
  b: TModelVersionDetail;
  /** b − a. */
  delta: { accuracy: number | null; microF1: number | null; macroF1: number | null; ece: number | null; labelCount: number };
  perClass: { labelId: number; label: string; f1A: number | null; f1B: number | null }[];
  isSameEvalSet: boolean;
};

export async function compareModelVersions(db: Database, projectId: number, aId: number, bId: number): Promise<TVersionComparison> {
  const [a, b] = await Promise.all([getModelVersion(db, projectId, aId), getModelVersion(db, projectId, bId)]);
  const diff = (x: TMetric | null, y: TMetric | null) => (x && y ? y.value - x.value : null);
  const labels = new Map<number, string>();
  for (const entry of [...(a.metrics?.perClass ?? []), ...(b.metrics?.perClass ?? [])]) labels.set(entry.labelId, entry.label);
  return {
    a,
    b,
    delta: { accuracy: diff(a.accuracy, b.accuracy), microF1: diff(a.microF1, b.microF1), macroF1: diff(a.macroF1, b.macroF1), ece: diff(a.ece, b.ece), labelCount: b.labelCount - a.labelCount },
    perClass: [...labels].map(([labelId, label]) => ({
      labelId,
      label,
      f1A: a.metrics?.perClass.find((c) => c.labelId === labelId)?.f1 ?? null,
      f1B: b.metrics?.perClass.find((c) => c.labelId === labelId)?.f1 ?? null,
    })),
    isSameEvalSet: a.metrics?.evalSetHash != null && a.metrics.evalSetHash === b.metrics?.evalSetHash,
  };
}

export type TStoredModel = {
  id: number;
  version: number;
  kind: ClassifierKind;
  artifact: ModelArtifact;
  /** The text featurizer, or for an image project the image preprocessing (ImageInputConfig). */
  featurizerConfig: TFeatureConfig;
  classes: { id: number; name: string }[];
  /** The newest annotation when its training data was read (null for versions trained before it was kept). */
  lastAnnotationId: number | null;
  /** A multi-label version's per-label thresholds and temperatures (train_config.multilabel); null for the others. */
  multilabel: TMultilabelModelMetadata | null;
};

/** Weights and featurizer of a ready version, to score with or to download. */
export async function loadStoredModel(db: Database, projectId: number, versionId: number): Promise<TStoredModel> {
  const [row] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.id, versionId)));
  if (!row) throw new AppError('NOT_FOUND', 'No such model version in this project');
  if (row.status !== 'ready' || !row.topology || !row.weights || !row.weightSpecs || !row.featureConfig) {
    throw new AppError('CONFLICT', `Model version ${row.version} has no stored weights (${row.status})`);
  }
  const config = row.trainConfig as { classes?: { id: number; name: string }[]; artifact?: Partial<ModelArtifact>; lastAnnotationId?: number; multilabel?: TMultilabelModelMetadata };
  return {
    id: row.id,
    version: row.version,
    kind: parseModelKind(row.kind),
    artifact: {
      modelTopology: row.topology,
      weightSpecs: row.weightSpecs as ModelArtifact['weightSpecs'],
      weightData: new Uint8Array(row.weights),
      format: config.artifact?.format,
      generatedBy: config.artifact?.generatedBy,
      convertedBy: config.artifact?.convertedBy ?? null,
    },
    featurizerConfig: row.featureConfig as unknown as TFeatureConfig,
    classes: config.classes ?? [],
    lastAnnotationId: typeof config.lastAnnotationId === 'number' ? config.lastAnnotationId : null,
    multilabel: config.multilabel?.task === 'multi_label' ? config.multilabel : null,
  };
}

export const MODEL_FILES = ['model.json', 'weights.bin'] as const;
export type TModelFile = (typeof MODEL_FILES)[number];

/**
 * A version as a standard tfjs model directory: model.json (topology, weight manifest, and
 * in userDefinedMetadata the featurizer config and class names needed to use it) and
 * weights.bin. Served side by side, `tf.loadLayersModel('<url>/model.json')` loads it.
 */
export async function buildModelFiles(db: Database, projectId: number, versionNumber: number): Promise<Map<TModelFile, Buffer>> {
  const [row] = await db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.version, versionNumber)));
  if (!row) throw new AppError('NOT_FOUND', `Model version ${versionNumber} does not exist`);
  const stored = await loadStoredModel(db, projectId, row.id);
  // Loaded here, not at the top: everything that asks whether a version exists (imports, the CLI)
  // would otherwise load TensorFlow.js.
  const { buildModelDirectory } = await import('@/ml/predict');
  return buildModelDirectory(stored.artifact, {
    quorum: {
      projectId,
      version: stored.version,
      kind: stored.kind,
      classes: stored.classes.map((c) => c.name),
      // A multi-label model's outputs are independent sigmoids: a label is predicted at or above its threshold.
      ...(stored.multilabel ? { thresholds: stored.multilabel.thresholds, temperatures: stored.multilabel.temperatures } : {}),
    },
    featurizer: stored.featurizerConfig as unknown as Record<string, unknown>,
  }) as Map<TModelFile, Buffer>;
}

/** Pins a ready version: it scores the queue until unpinned (a rollback when it is older). */
export async function pinModelVersion(db: Database, actor: TActor, projectId: number, versionId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: modelVersions.id, version: modelVersions.version, status: modelVersions.status })
      .from(modelVersions)
      .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.id, versionId)))
      .for('update');
    if (!row) throw new AppError('NOT_FOUND', 'No such model version in this project');
    if (row.status !== 'ready') throw new AppError('CONFLICT', `Version ${row.version} is ${row.status}; only a ready version can be pinned`);
    await tx.update(modelVersions).set({ isPinned: false }).where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.isPinned, true)));
    await tx.update(modelVersions).set({ isPinned: true }).where(eq(modelVersions.id, versionId));
    await recordAuditEvent(tx, { actor, projectId, action: 'model.pin', subjectType: 'model_version', subjectId: versionId, after: { version: row.version } });
  });
  await requestRescore(db, actor, projectId, 'pin');
}

export async function unpinModelVersion(db: Database, actor: TActor, projectId: number): Promise<void> {
  const unpinned = await db.transaction(async (tx) => {
    const rows = await tx
      .update(modelVersions)
      .set({ isPinned: false })
      .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.isPinned, true)))
      .returning({ id: modelVersions.id, version: modelVersions.version });
    if (rows[0]) {
      await recordAuditEvent(tx, { actor, projectId, action: 'model.unpin', subjectType: 'model_version', subjectId: rows[0].id, before: { version: rows[0].version } });
    }
    return rows.length > 0;
  });
  if (unpinned) await requestRescore(db, actor, projectId, 'unpin');
}

/** The queue must follow the new current version (or strategy): rescore the pool in the background. */
export async function requestRescore(db: Database, actor: TActor | null, projectId: number, reason: string): Promise<void> {
  if (!(await getCurrentModelVersion(db, projectId))) return;
  await enqueueTraining(db, { projectId, mode: 'rescore', reason, createdBy: actor?.userId ?? null });
  await wakeWorkers(db);
}

/** Number of the next version of a project. */
export async function nextVersionNumber(db: Database, projectId: number): Promise<number> {
  const result = await db.execute<{ next: number }>(sql`select coalesce(max(version), 0) + 1 as next from model_versions where project_id = ${projectId}`);
  return Number(result.rows[0]!.next);
}
