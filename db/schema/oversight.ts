import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { modelVersions } from './models';
import { projects } from './projects';

export const CERTIFICATE_FORMS = [
  /** P(error | automatic) ≤ α with probability ≥ 1 − δ: one threshold (Learn then Test, fixed sequence). */
  'error',
  /** Each label's precision among the model's automatic answers ≥ its minimum: one threshold per label. */
  'per_label',
  /** Share of all traffic that is automatic and wrong ≤ α, in expectation (conformal risk control). */
  'budget',
] as const;
export type TCertificateForm = (typeof CERTIFICATE_FORMS)[number];

export const CERTIFICATE_STATUSES = [
  /** Computed, waiting for a data scientist's or manager's approval; decides nothing. */
  'proposed',
  /** In force for its model version: the decision API routes by it. */
  'approved',
  /** Replaced by a later approval, or revoked by a person. */
  'retired',
] as const;
export type TCertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Where a certificate's calibration cases came from: data the model never chose and never trained on. */
export type TCalibrationWindow = {
  /** Evaluation-set items of the project's pool with a human or gold label. */
  evalItems: number;
  /** Uniformly sampled live cases (audits of automatic decisions, sampled human-routed cases) with a person's label. */
  liveCases: number;
  /** Oldest and newest calibration case (ISO time); null without cases. */
  from: string | null;
  to: string | null;
  /** SHA-1 prefix of the sorted item ids used: two certificates on the same data share it. */
  dataHash: string | null;
};

/** One point of the risk–coverage curve: what the model would decide alone at this threshold. */
export type TRiskCoveragePoint = {
  threshold: number;
  coverage: number;
  cases: number;
  errors: number;
  /** Clopper–Pearson upper bound at 1 − δ on the error above the threshold. */
  upperBound: number;
};

/**
 * A certified threshold for one model version (issue 15): the risk a person stated (α, δ), the
 * threshold the calibration data certifies, the evidence (n, k, bound, the calibration window) and
 * who approved it. A version decides nothing automatically until one of its certificates is approved.
 */
export const thresholdCertificates = pgTable(
  'threshold_certificates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    modelVersionId: integer('model_version_id').references(() => modelVersions.id, { onDelete: 'set null' }),
    /** The model's content hash: the certificate names its model even after the version row is pruned. */
    modelHash: text('model_hash').notNull(),
    form: text('form').$type<TCertificateForm>().notNull(),
    alpha: doublePrecision('alpha').notNull(),
    delta: doublePrecision('delta').notNull(),
    gridStep: doublePrecision('grid_step').notNull(),
    /** Per-label form: the minimum precision asked of each label, by name. */
    labelTargets: jsonb('label_targets').$type<Record<string, number>>(),
    /** The certified threshold; null when none was (everything goes to people). For per_label, unused. */
    threshold: doublePrecision('threshold'),
    /** Per-label form: each label's certified threshold (null: that label always goes to people). */
    labelThresholds: jsonb('label_thresholds').$type<Record<string, number | null>>(),
    /** Share of the calibration cases the model would decide alone. */
    coverage: doublePrecision('coverage').notNull(),
    /** Calibration cases at or above the threshold, and the model's errors among them. */
    n: integer('n').notNull(),
    k: integer('k').notNull(),
    /** Clopper–Pearson upper bound at 1 − δ on the error of automatic decisions (1 when nothing certified). */
    upperBound: doublePrecision('upper_bound').notNull(),
    /** Every calibration case: how many, and the error bound if the model decided all of them. */
    calibrationSize: integer('calibration_size').notNull(),
    calibration: jsonb('calibration').$type<TCalibrationWindow>().notNull(),
    /** The risk–coverage curve on the calibration data (thinned for display). */
    curve: jsonb('curve').$type<TRiskCoveragePoint[]>().notNull(),
    status: text('status').$type<TCertificateStatus>().notNull().default('proposed'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: text('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    retiredBy: text('retired_by').references(() => users.id, { onDelete: 'set null' }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    /** Why it was approved or retired, in the person's words, or 'superseded'. */
    note: text('note'),
  },
  (t) => [
    index('threshold_certificates_project_idx').on(t.projectId, t.createdAt),
    // At most one certificate in force per project: approving another retires it in the same transaction.
    uniqueIndex('threshold_certificates_approved_uq').on(t.projectId).where(sql`${t.status} = 'approved'`),
  ],
);

/**
 * The production monitor of a project's approved certificate: the audits of its automatic decisions
 * tested sequentially against α. When the evidence says the audited error exceeds α, it trips and,
 * if the policy fails closed, every case goes to people until a person resets it.
 */
export const decisionMonitors = pgTable('decision_monitors', {
  projectId: integer('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  /** The certificate being watched; audits of decisions made under another are not counted. */
  certificateId: integer('certificate_id').references(() => thresholdCertificates.id, { onDelete: 'set null' }),
  audits: integer('audits').notNull().default(0),
  errors: integer('errors').notNull().default(0),
  /** The sequential test's running statistic (an e-value: alarm at ≥ 1/δ). */
  evidence: doublePrecision('evidence').notNull().default(1),
  /** Test state the statistic needs between audits (e.g. the betting fraction's running estimate). */
  state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
  trippedAt: timestamp('tripped_at', { withTimezone: true }),
  trippedReason: text('tripped_reason'),
  resetBy: text('reset_by').references(() => users.id, { onDelete: 'set null' }),
  resetAt: timestamp('reset_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});


