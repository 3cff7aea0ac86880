import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, thresholdCertificates, type TCertificateForm } from '@/db/schema';
import { certifyBudgetTally } from '@/ml/certify/certify-budget';
import { certifyPerLabel } from '@/ml/certify/certify-per-label';
import { clopperPearsonUpper } from '@/ml/certify/clopper-pearson';
import { certifyTally, defaultThresholdGrid } from '@/ml/certify/learn-then-test';
import { riskCoverageCurve } from '@/ml/certify/risk-coverage';
import { tallyThresholds, type ThresholdTally } from '@/ml/certify/threshold-tally';
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

type TFormResult = { threshold: number | null; labelThresholds: Record<string, number | null> | null; coverage: number; n: number; k: number; upperBound: number };

/**
 * The stated risk's own test: one threshold for the error of automatic decisions, one per label for
 * each label's precision (Bonferroni over the labels), or one for the share of all traffic that is
 * automatic and wrong (conformal risk control, a guarantee in expectation). n, k and the bound always
 * describe the automatic cases together, so every certificate reads the same on a decision's record.
 */
function certifyForm(
  input: TCertifyInput,
  data: { scores: Float64Array; isError: Uint8Array; predicted: string[]; grid: number[]; tally: ThresholdTally },
): TFormResult {
  const { scores, isError, predicted, grid, tally } = data;
  switch (input.form) {
    case 'error': {
      const result = certifyTally({ tally, alpha: input.alpha, delta: input.delta });
      return { threshold: result.threshold, labelThresholds: null, coverage: result.coverage, n: result.cases, k: result.errors, upperBound: result.errorUpperBound };
    }
    case 'per_label': {
      if (!input.labelTargets || Object.keys(input.labelTargets).length === 0) throw new AppError('BAD_REQUEST', 'Give a minimum precision for at least one label');
      const result = certifyPerLabel({ scores, predicted, isError, minPrecision: input.labelTargets, grid, delta: input.delta });
      const labelThresholds = Object.fromEntries(result.labels.map((label) => [label.label, label.threshold]));
      return { threshold: null, labelThresholds, coverage: result.coverage, n: result.cases, k: result.errors, upperBound: result.errorUpperBound };
    }
    case 'budget': {
      const result = certifyBudgetTally({ tally, alpha: input.alpha });
      const upperBound = result.cases === 0 ? 1 : clopperPearsonUpper(result.errors, result.cases, input.delta);
      return { threshold: result.threshold, labelThresholds: null, coverage: result.coverage, n: result.cases, k: result.errors, upperBound };
    }
  }
}

/** Texts scored per slice: the host classifier is synchronous, so other requests get the event loop between slices. */
const SCORE_SLICE = 1000;

/**
 * Certifies a model version's threshold for the risk a person states (issue 15): scores the
 * calibration cases (calibration-data.ts) with that version, runs Learn then Test over the grid,
 * and stores the result as a proposed certificate with its evidence and risk–coverage curve. It
 * decides nothing until a data scientist or manager approves it (approve-certificate.ts).
 */
export async function certifyModelVersion(db: Database, actor: TActor, projectId: number, input: TCertifyInput): Promise<TCertificateView> {
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
  const predicted: string[] = new Array(calibration.texts.length);
  for (let start = 0; start < calibration.texts.length; start += SCORE_SLICE) {
    const slice = calibration.texts.slice(start, start + SCORE_SLICE);
    predictor.predict(slice).forEach((prediction, i) => {
      scores[start + i] = prediction.probability;
      predicted[start + i] = prediction.label;
      isError[start + i] = prediction.label === calibration.truths[start + i] ? 0 : 1;
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const grid = defaultThresholdGrid(input.gridStep);
  // Counted once per threshold: the error and budget forms and the curve all read the same tally.
  const tally = tallyThresholds({ scores, isError, grid });
  const result = certifyForm(input, { scores, isError, predicted, grid, tally });
  const curve = riskCoverageCurve({ tally, delta: input.delta });
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
      labelTargets: input.form === 'per_label' ? (input.labelTargets ?? null) : null,
      ...result,
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
