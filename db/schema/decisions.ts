import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { modelVersions } from './models';
import { thresholdCertificates } from './oversight';
import { projects } from './projects';

export const DECISION_STATUSES = [
  /** Waiting for people (or for the deadline). */
  'pending',
  /** Decided, by the model or by people: `label` holds the answer. */
  'decided',
  /** Refused: by a reviewer (approval queues) or by the deadline. */
  'rejected',
] as const;
export type TDecisionStatus = (typeof DECISION_STATUSES)[number];

export const DECISION_ROUTES = ['auto', 'human'] as const;
export type TDecisionRoute = (typeof DECISION_ROUTES)[number];

/**
 * A case another system sent for a decision (issue 14), and where it stands. The row is the current
 * state; `decision_log` is the tamper-evident history, and `decision_reviews` each person's answer.
 */
export const decisions = pgTable(
  'decisions',
  {
    /** Random, unguessable: callers poll by it. */
    id: text('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The caller's Idempotency-Key: a retry with the same key returns this decision. */
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the request's canonical JSON: the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    /** SHA-256 of the canonical {text, payload}: what a reviewer approves is this exact input. */
    inputHash: text('input_hash').notNull(),
    text: text('text').notNull(),
    payload: jsonb('payload'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    callbackUrl: text('callback_url'),
    deadline: timestamp('deadline', { withTimezone: true }),
    status: text('status').$type<TDecisionStatus>().notNull(),
    route: text('route').$type<TDecisionRoute>().notNull(),
    /** TRouteReason (server/services/decisions/decision-policy.ts). */
    routeReason: text('route_reason').notNull(),
    /** An automatic decision also sent to people afterwards (random audit, unbiased evaluation data). */
    audit: boolean('audit').notNull().default(false),
    /** When a person audited this automatic decision; null while the audit waits (or for no audit). */
    auditedAt: timestamp('audited_at', { withTimezone: true }),
    /**
     * Drawn into the uniform sample of live traffic (the policy's audit share, drawn for every case the
     * model routes, before routing): an automatic one is audited, a human-routed one becomes a
     * calibration case. Calibration data for certified thresholds is exactly these cases.
     */
    sampled: boolean('sampled').notNull().default(false),
    /** A hidden gold check (automation-bias probe): the known answer; null for real cases. */
    goldLabel: text('gold_label'),
    /** The model's suggestion was hidden from reviewers for this case (blind mode, or the blind share). */
    suggestionHidden: boolean('suggestion_hidden').notNull().default(false),
    /** The approved certificate the case was routed under (issue 15); null when there was none. */
    certificateId: integer('certificate_id').references(() => thresholdCertificates.id, { onDelete: 'set null' }),
    /** What that certificate guaranteed, copied so the record stands alone: α, δ, n, k, bound, window, model hash. */
    certificate: jsonb('certificate').$type<Record<string, unknown>>(),
    modelVersionId: integer('model_version_id').references(() => modelVersions.id, { onDelete: 'set null' }),
    /** SHA-256 of the model's weights and topology: identifies the model even after its row is pruned. */
    modelHash: text('model_hash'),
    predictedLabel: text('predicted_label'),
    probability: real('probability'),
    /** Every label's probability, by label name. */
    probabilities: jsonb('probabilities').$type<Record<string, number>>(),
    /** The policy in force when the case arrived (threshold included). */
    policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
    /** The answer: a label of the project; null while pending or when rejected. */
    label: text('label'),
    /** The reviewer whose answer settled it; null for the model and the deadline. */
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    /** Why it was settled that way: 'above_threshold', 'reviewer', 'deadline_reject', a reviewer's reason... */
    outcomeReason: text('outcome_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Distinct reviewers who must agree (M of N for high-stakes labels). */
    requiredApprovals: integer('required_approvals').notNull().default(1),
    /** 0: first-line reviewers; 1+: escalated. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** Set once the deadline action has run, so it runs once. */
    deadlineHandledAt: timestamp('deadline_handled_at', { withTimezone: true }),
    /** The token's or session's user that sent the case. */
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('decisions_idempotency_uq').on(t.projectId, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index('decisions_project_created_idx').on(t.projectId, t.createdAt),
    // The reviewers' queue: pending cases by deadline (no deadline last).
    index('decisions_pending_idx').on(t.projectId, t.deadline).where(sql`${t.status} = 'pending'`),
    // The audits waiting in the reviewers' queue: only the unaudited ones, so it stays small however many the model decides.
    index('decisions_audit_queue_idx').on(t.projectId, t.createdAt).where(sql`${t.audit} and ${t.status} = 'decided' and ${t.auditedAt} is null`),
    // The deadline sweep across projects.
    index('decisions_deadline_idx').on(t.deadline).where(sql`${t.status} = 'pending' and ${t.deadlineHandledAt} is null and ${t.deadline} is not null`),
    // Hidden gold checks: which texts are taken (gold-checks.ts) without reading every case of the project.
    index('decisions_gold_checks_idx').on(t.projectId, t.inputHash).where(sql`${t.goldLabel} is not null`),
    check('decisions_required_approvals_ck', sql`${t.requiredApprovals} between 1 and 10`),
  ],
);

export const DECISION_ANSWERS = [
  /** Agrees with the model's suggestion (or, in approval queues, approves the proposed action). */
  'approve',
  /** Chooses another label, with a reason. */
  'override',
  /** Refuses the case (approval queues), with a reason. */
  'reject',
  /** Sends the case to a second-line reviewer. */
  'escalate',
] as const;
export type TDecisionAnswer = (typeof DECISION_ANSWERS)[number];

/** One person's answer to a case; one per reviewer and case (M of N counts distinct people). */
export const decisionReviews = pgTable(
  'decision_reviews',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    reviewerId: text('reviewer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    answer: text('answer').$type<TDecisionAnswer>().notNull(),
    label: text('label'),
    reason: text('reason'),
    /** The input hash the reviewer was shown: an answer to another input is refused. */
    inputHash: text('input_hash').notNull(),
    /** An edited payload (approve with edits); its hash replaces the input hash on the decision. */
    editedPayload: jsonb('edited_payload'),
    /** Whether the model's suggestion was on screen (blind mode hides it). */
    suggestionShown: boolean('suggestion_shown').notNull(),
    escalationLevel: integer('escalation_level').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('decision_reviews_reviewer_uq').on(t.decisionId, t.reviewerId, t.escalationLevel)],
);

/**
 * The decision log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE outside retention)
 * and tamper-evident: each entry carries the hash of the project's previous entry
 * (server/services/decisions/decision-chain.ts). No foreign keys: the log outlives what it mentions.
 */
export const decisionLog = pgTable(
  'decision_log',
  {
    projectId: integer('project_id').notNull(),
    /** 1, 2, 3... per project, without gaps. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    decisionId: text('decision_id').notNull(),
    /** 'received', 'decided', 'reviewed', 'escalated', 'deadline', 'webhook'... */
    event: text('event').notNull(),
    body: jsonb('body').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.seq] }), index('decision_log_decision_idx').on(t.decisionId, t.seq)],
);

/**
 * The end of each project's chain, so an append locks one row instead of reading the log's tail.
 * After retention removes old entries, `firstSeq`/`anchorHash` say where the kept chain starts.
 */
export const decisionLogHeads = pgTable('decision_log_heads', {
  projectId: integer('project_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  hash: text('hash').notNull(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull().default(1),
  anchorHash: text('anchor_hash').notNull(),
});

/** Where a project's decision webhooks go and the secret they are signed with (encrypted at rest). */
export const decisionWebhooks = pgTable('decision_webhooks', {
  projectId: integer('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  /** Default receiver; a case's own callbackUrl takes precedence. Null: only per-case callbacks. */
  url: text('url'),
  /** The Standard Webhooks secret ("whsec_..."), AES-GCM encrypted with the server's secret. */
  secretEncrypted: text('secret_encrypted').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type TWebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** A webhook message to send (at least once, one `messageId` across every retry) and how it went. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    /** The `webhook-id` header: the receiver deduplicates on it. */
    messageId: text('message_id').notNull(),
    /** 'decision.decided', 'decision.rejected', 'decision.expired'... */
    eventType: text('event_type').notNull(),
    url: text('url').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').$type<TWebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_message_uq').on(t.messageId),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_decision_idx').on(t.decisionId, t.createdAt),
  ],
);

/** Every attempt at a delivery, shown in the UI. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    /** Who asked for a manual re-send; null for the automatic attempts. */
    requestedBy: text('requested_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attemptedAt)],
);
