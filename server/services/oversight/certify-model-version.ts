import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, thresholdCertificates, type TCertificateForm } from '@/db/schema';
import { certifyThreshold, defaultThresholdGrid } from '@/ml/certify/learn-then-test';
import { riskCoverageCurve } from '@/ml/certify/risk-coverage';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { loadCasePredictor } from '@/server/services/decisions/case-predictor';
import { loadCalibrationCases } from './calibration-data';
import { toCertificateView, type TCertificateView } from './certificate-view';

export type TCertifyInput = {
  versionId: number;
  form: TCertificateForm;
  alpha: number;
  delta: number;
  gridStep: number;
  /** Per-label form: the minimum precision asked of each label, by name. */
  labelTargets?: Record<string, number>;
};

/** Texts scored per slice: the host classifier is synchronous, so other requests get the event loop between slices. */
const SCORE_SLICE = 1000;

/**
 * Certifies a model version's threshold for the risk a person states (issue 15): scores the
 * calibration cases (calibration-data.ts) with that version, runs Learn then Test over the grid,
 * and stores the result as a proposed certificate with its evidence and risk–coverage curve. It
 * decides nothing until a data scientist or manager approves it (approve-certificate.ts).
 */
export async function certifyModelVersion(db: Database, actor: TActor, projectId: number, input: TCertifyInput): Promise<TCertificateView> {
  if (input.form !== 'error') throw new AppError('BAD_REQUEST', 'Only the error-rate form is available yet');
  const [version] = await db
    .select({ id: modelVersions.id, version: modelVersions.version, status: modelVersions.status, createdAt: modelVersions.createdAt })
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.id, input.versionId)));
  if (!version) throw new AppError('NOT_FOUND', 'No such model version in this project');
  if (version.status !== 'ready') throw new AppError('CONFLICT', `Version ${version.version} is not ready`);
  const predictor = await loadCasePredictor(db, projectId, version.id);
  if (!predictor) throw new AppError('CONFLICT', `Version ${version.version} cannot answer cases here`);
  const calibration = await loadCalibrationCases(db, projectId, version);
  if (calibration.texts.length === 0) {
    throw new AppError('CONFLICT', 'No calibration cases yet: label the evaluation set, or let the sampled share of live cases be decided by people');
  }
  const scores = new Float64Array(calibration.texts.length);
  const isError = new Uint8Array(calibration.texts.length);
  for (let start = 0; start < calibration.texts.length; start += SCORE_SLICE) {
    const slice = calibration.texts.slice(start, start + SCORE_SLICE);
    predictor.predict(slice).forEach((prediction, i) => {
      scores[start + i] = prediction.probability;
      isError[start + i] = prediction.label === calibration.truths[start + i] ? 0 : 1;
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const grid = defaultThresholdGrid();
  const result = certifyThreshold({ scores, isError, grid, alpha: input.alpha, delta: input.delta });
  const certified = result.steps.find((step) => step.threshold === result.threshold);
  const curve = riskCoverageCurve({ scores, isError, grid, delta: input.delta });
  const [row] = await db
    .insert(thresholdCertificates)
    .values({
      projectId,
      modelVersionId: version.id,
      modelHash: predictor.modelHash,
      form: input.form,
      alpha: input.alpha,
      delta: input.delta,
      gridStep: input.gridStep,
      labelTargets: input.labelTargets ?? null,
      threshold: result.threshold,
      labelThresholds: null,
      coverage: result.coverage,
      n: certified?.cases ?? 0,
      k: certified?.errors ?? 0,
      upperBound: result.errorUpperBound,
      calibrationSize: calibration.texts.length,
      calibration: calibration.window,
      curve,
      status: 'proposed',
      createdBy: actor.userId,
    })
    .returning();
  if (!row) throw new Error('certificate insert returned nothing');
  await recordAuditEvent(db, {
    actor,
    projectId,
    action: 'certificate.create',
    subjectType: 'threshold_certificate',
    subjectId: row.id,
    after: { version: version.version, form: row.form, alpha: row.alpha, delta: row.delta, threshold: row.threshold, coverage: row.coverage, n: row.n, k: row.k, upperBound: row.upperBound },
  });
  return toCertificateView(row, version.version);
}
