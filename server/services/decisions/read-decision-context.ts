import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TCalibrationWindow, TCertificateForm } from '@/db/schema';
import { AppError } from '@/server/errors';
import { getProjectModelTask, parseProjectSettings, type TProjectSettings } from '@/server/services/projects/project-settings';
import { loadCasePredictor, type TCasePredictor } from './case-predictor';
import type { TRoutingCertificate } from './decision-policy';

/** The approved certificate as routing uses it, and what every decision made under it records. */
export type TCertificateInForce = TRoutingCertificate & {
  modelVersionId: number;
  /** α, δ, n, k, the bound, the calibration window and the model's content hash (stored on each decision). */
  record: Record<string, unknown>;
};

export type TDecisionContext = {
  settings: TProjectSettings;
  predictor: TCasePredictor | null;
  /** Null when no certificate is approved, or it names another model than the one that answers. */
  certificate: TCertificateInForce | null;
  isMonitorTripped: boolean;
  /** Why `predictor` is null: 'no_model_for_task' when the project's models answer with a set of labels (multi_label). */
  noModelReason: 'no_model' | 'no_model_for_task';
};

type TContextGlobal = typeof globalThis & { __quorumDecisionContexts?: WeakMap<Database, Map<number, Promise<TDecisionContext>>> };

/**
 * What deciding a project's cases needs: its settings (the policy, the text limit), the approved
 * certificate and the monitor's state (one query), and the model that answers: the certificate's
 * version, else the project's current one (its answers are suggestions only). Read fresh for every
 * case, never cached, so a stop switch, an approval or a tripped monitor applies to the next case;
 * but concurrent cases of one project share one read in flight (each joins a read at most a round
 * trip old), so a burst of requests costs two queries, not two per request.
 */
export function readDecisionContext(db: Database, projectId: number): Promise<TDecisionContext> {
  const store = globalThis as TContextGlobal;
  store.__quorumDecisionContexts ??= new WeakMap();
  let inFlight = store.__quorumDecisionContexts.get(db);
  if (!inFlight) {
    inFlight = new Map();
    store.__quorumDecisionContexts.set(db, inFlight);
  }
  const joined = inFlight.get(projectId);
  if (joined) return joined;
  const reading = readContext(db, projectId);
  inFlight.set(projectId, reading);
  const forget = () => inFlight.delete(projectId);
  reading.then(forget, forget);
  return reading;
}

type TContextRow = {
  settings: unknown;
  task_type: string;
  certificate_id: number | null;
  form: TCertificateForm | null;
  model_version_id: number | null;
  model_hash: string | null;
  alpha: number | null;
  delta: number | null;
  threshold: number | null;
  label_thresholds: Record<string, number | null> | null;
  coverage: number | null;
  n: number | null;
  k: number | null;
  upper_bound: number | null;
  calibration: TCalibrationWindow | null;
  approved_at: Date | string | null;
  tripped_at: Date | string | null;
};

async function readContext(db: Database, projectId: number): Promise<TDecisionContext> {
  const result = await db.execute<TContextRow>(sql`
    select p.settings, p.task_type, c.id as certificate_id, c.form, c.model_version_id, c.model_hash, c.alpha, c.delta, c.threshold,
      c.label_thresholds, c.coverage, c.n, c.k, c.upper_bound, c.calibration, c.approved_at, m.tripped_at
    from projects p
    left join threshold_certificates c on c.project_id = p.id and c.status = 'approved'
    left join decision_monitors m on m.project_id = p.id and m.certificate_id = c.id
    where p.id = ${projectId}`);
  const row = result.rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such project');
  const settings = parseProjectSettings(row.settings);
  // A case is answered with one label: a project whose model answers with a set of labels has no model for it.
  if (getProjectModelTask(row.task_type) !== 'single_label') return { settings, predictor: null, certificate: null, isMonitorTripped: row.tripped_at !== null, noModelReason: 'no_model_for_task' };
  // A certificate whose version is gone certifies nothing: the current model must not inherit it.
  const certifiedVersion = row.certificate_id !== null ? row.model_version_id : null;
  const predictor = await loadCasePredictor(db, projectId, certifiedVersion);
  const isCertified = certifiedVersion !== null && predictor !== null && predictor.modelHash === row.model_hash;
  return {
    settings,
    predictor: row.certificate_id !== null && !isCertified ? await loadCasePredictor(db, projectId) : predictor,
    certificate: isCertified ? toCertificateInForce(row) : null,
    isMonitorTripped: row.tripped_at !== null,
    noModelReason: 'no_model',
  };
}

function toCertificateInForce(row: TContextRow): TCertificateInForce {
  return {
    id: row.certificate_id!,
    form: row.form!,
    threshold: row.threshold,
    labelThresholds: row.label_thresholds,
    modelVersionId: row.model_version_id!,
    record: {
      certificateId: row.certificate_id,
      form: row.form,
      alpha: row.alpha,
      delta: row.delta,
      threshold: row.threshold,
      ...(row.label_thresholds ? { labelThresholds: row.label_thresholds } : {}),
      n: row.n,
      k: row.k,
      upperBound: row.upper_bound,
      coverage: row.coverage,
      calibration: row.calibration,
      modelHash: row.model_hash,
      approvedAt: row.approved_at instanceof Date ? row.approved_at.toISOString() : row.approved_at,
    },
  };
}
