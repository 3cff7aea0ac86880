import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { decisions, projectMembers } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import type { TCompute } from '@/server/services/learning/compute';
import { enqueueTraining } from '@/server/services/jobs/jobs';
import { importItems } from '@/server/services/data/import-items';
import { answerDecision } from '@/server/services/decisions/answer-decision';
import { createDecisions } from '@/server/services/decisions/create-decisions';
import { expireDecisions } from '@/server/services/decisions/expire-decisions';
import { loadDecisionPolicy } from '@/server/services/decisions/load-decision-policy';
import { updateDecisionPolicy } from '@/server/services/decisions/update-decision-policy';
import { getCurrentModelVersion } from '@/server/services/learning/model-versions';
import { approveCertificate } from '@/server/services/oversight/approve-certificate';
import { certifyModelVersion } from '@/server/services/oversight/certify-model-version';
import type { TDecisionView } from '@/server/services/decisions/decision-view';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createProject, findProjectIdBySlug } from '@/server/services/projects/projects';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runQueuedJobs } from './run-queued-jobs';

export const DECISION_DEMO_SLUG = 'mail-gateway';

/** How the second demo project is seeded: sizes are small so the demo still starts in a few minutes. */
export type TDecisionDemoPlan = {
  /** E-mails with the mail team's past verdicts, imported as labels to train the first model. */
  history: number;
  /** Cases the gateway sends, in batches, the way a script on the mail server would. */
  cases: number;
  /** Of the cases people get, how many the demo reviewer answers (the rest stay in the queue). */
  answered: number;
};

export const DECISION_DEMO_PLAN: TDecisionDemoPlan = { history: 800, cases: 160, answered: 12 };

export type TDecisionDemoResult =
  | { state: 'already-seeded'; decisions: number }
  | { state: 'seeded'; decisions: number; byState: Record<string, number>; seconds: number };

const INSTRUCTIONS = `The mail gateway asks Quorum about every e-mail it holds: spam is quarantined, ham delivered.

The model answers alone only above the threshold certified for it (error at most 5% with 95% confidence, on the Certified thresholds page); everything else comes to the Decisions tab. Releasing mail as ham needs two people to agree; a case nobody answers before its deadline goes to the model if it is 70% sure, else stays quarantined.`;

type TLog = (line: string) => void;

/**
 * The demo's second project: a mail gateway that sends each held e-mail for a decision (issue 14).
 * Its model learns from the mail team's past verdicts (e-mails of the SpamAssassin demo project, with
 * their known labels, imported as one annotator's labels); then cases arrive through the same service
 * as `POST /api/v1/projects/mail-gateway/decisions`, the reviewer answers some, and the deadline sweep
 * handles a few, so the Decisions tab and the records show every state. Idempotent: a project with
 * decisions is left as it is.
 */
export async function seedDecisionDemo(
  db: Database,
  input: {
    sourceProjectId: number;
    scientist: TActor;
    reviewer: TActor;
    manager: TActor;
    compute?: TCompute;
    plan?: TDecisionDemoPlan;
    log?: TLog;
  },
): Promise<TDecisionDemoResult> {
  const plan = input.plan ?? DECISION_DEMO_PLAN;
  const log = input.log ?? (() => {});
  const started = performance.now();
  let projectId = await findProjectIdBySlug(db, DECISION_DEMO_SLUG);
  if (projectId !== null) {
    const existing = await countDecisions(db, projectId);
    if (existing > 0) return { state: 'already-seeded', decisions: existing };
  } else {
    const project = await createProject(
      db,
      null,
      { slug: DECISION_DEMO_SLUG, name: 'Mail gateway (decisions)', instructions: INSTRUCTIONS, labels: buildDefaultLabels(['spam', 'ham']), settings: { evalFraction: 0.2 } },
      { ownerUserId: input.manager.userId },
    );
    projectId = project.id;
  }
  for (const [actor, role] of [
    [input.scientist, 'data_scientist'],
    [input.reviewer, 'reviewer'],
  ] as const) {
    await db.insert(projectMembers).values({ projectId, userId: actor.userId, role }).onConflictDoNothing();
  }

  const messages = await readSourceMessages(db, input.sourceProjectId, plan.history + plan.cases);
  // Interleaved, not the corpus's head and tail: its files come in folders (easy ham, hard ham, spam), so
  // a tail of incoming mail would be another kind of mail than the model learned and was certified on.
  const { history, incoming } = splitInterleaved(messages, plan.cases);
  const imported = await importItems(db, null, projectId, historyAsJsonLines(history), {
    format: 'jsonl',
    fileName: 'mail-team-verdicts.jsonl',
    mapping: { textField: 'text', annotationsField: 'annotations' },
  });
  if (imported.status !== 'succeeded') throw new Error(`decision demo import failed: ${imported.error ?? 'unknown'}`);
  await enqueueTraining(db, { projectId, mode: 'train', reason: 'demo' });
  const compute = input.compute ?? createInlineCompute();
  try {
    await runQueuedJobs(db, compute, log);
  } finally {
    if (!input.compute) await compute.close();
  }

  await updateDecisionPolicy(db, input.scientist, projectId, {
    ...(await loadDecisionPolicy(db, projectId)),
    mode: 'human_in_the_loop',
    auditShare: 0.05,
    escalateMetadata: [{ key: 'vip', equals: true }],
    highStakesLabels: ['ham'],
    highStakesApprovals: 2,
    deadlineAction: 'model',
    deadlineThreshold: 0.7,
  });
  await certifyDemoModel(db, input, projectId, log);

  const now = Date.now();
  const hour = 3_600_000;
  const cases = incoming.map((message, i) => ({
    text: message.text,
    metadata: { mailbox: `user${(i % 17) + 1}@example.org`, ...(i % 23 === 0 ? { vip: true } : {}) },
    idempotencyKey: `gateway-demo-${i}`,
    // A few cases are due within the hour: the deadline sweep below finds them past due.
    deadline: new Date(now + (i % 20 === 0 ? 0.5 * hour : 8 * hour)).toISOString(),
  }));
  const created: TDecisionView[] = [];
  for (let start = 0; start < cases.length; start += 50) {
    for (const result of await createDecisions(db, input.scientist, projectId, cases.slice(start, start + 50))) {
      if (result instanceof Error) throw result;
      created.push(result.decision);
    }
  }

  // The reviewer answers the first cases: agrees with most suggestions, overrides one, escalates one.
  const pending = created.filter((decision) => decision.status === 'pending' && decision.deadline !== null && Date.parse(decision.deadline) > now + hour);
  for (const [i, decision] of pending.slice(0, plan.answered).entries()) {
    const suggestion = decision.prediction?.label ?? 'spam';
    const answer =
      i === 1
        ? { answer: 'override' as const, label: suggestion === 'spam' ? 'ham' : 'spam', reason: 'Known sender; the newsletter was requested.' }
        : i === 2
          ? { answer: 'escalate' as const, reason: 'Looks like an invoice from a new supplier: finance should decide.' }
          : { answer: 'approve' as const, label: suggestion };
    await answerDecision(db, { actor: input.reviewer, role: 'reviewer' }, projectId, { decisionId: decision.id, inputHash: decision.inputHash, ...answer });
  }
  // The audits of automatic decisions: the reviewer checks two.
  const audits = created.filter((decision) => decision.audit).slice(0, 2);
  for (const decision of audits) {
    await answerDecision(db, { actor: input.reviewer, role: 'reviewer' }, projectId, { decisionId: decision.id, inputHash: decision.inputHash, answer: 'approve', label: decision.label });
  }
  // The sweep as it runs an hour from now: the cases due within the hour meet the deadline action.
  await expireDecisions(db, { now: new Date(now + hour) });

  const byState = await countDecisionStates(db, projectId);
  return { state: 'seeded', decisions: created.length, byState, seconds: (performance.now() - started) / 1000 };
}

/**
 * The data scientist states the risk (automatic decisions wrong at most 5% of the time, with 95%
 * confidence), Quorum certifies the model's threshold on the evaluation set, and the manager approves
 * it: the same path as the Certified thresholds page. Nothing certified means every case goes to people.
 */
async function certifyDemoModel(db: Database, input: { scientist: TActor; manager: TActor }, projectId: number, log: TLog): Promise<void> {
  const current = await getCurrentModelVersion(db, projectId);
  if (!current) return;
  const certificate = await certifyModelVersion(db, input.scientist, projectId, { versionId: current.id, form: 'error', alpha: 0.05, delta: 0.05, gridStep: 0.001 });
  await approveCertificate(db, input.manager, projectId, certificate.id, 'Demo: quarantine errors up to 5% are acceptable while the mail team reviews the rest.');
  log(`[demo] mail-gateway: threshold ${certificate.threshold ?? 'none'} certified on ${certificate.calibrationSize} cases (automatic ${Math.round(certificate.coverage * 100)}%, error bound ${(certificate.upperBound * 100).toFixed(1)}%)`);
}

async function countDecisions(db: Database, projectId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(decisions).where(eq(decisions.projectId, projectId));
  return Number(row?.n ?? 0);
}

async function countDecisionStates(db: Database, projectId: number): Promise<Record<string, number>> {
  const result = await db.execute<{ state: string; n: number }>(sql`
    select concat_ws(' ', route, status, nullif(outcome_reason, '')) as state, count(*)::int as n
    from decisions where project_id = ${projectId} group by 1 order by 1`);
  return Object.fromEntries(result.rows.map((row) => [row.state, Number(row.n)]));
}

type TSourceMessage = { text: string; label: string };

/** `cases` messages spread evenly through the list as incoming mail; the rest is the history. */
function splitInterleaved(messages: readonly TSourceMessage[], cases: number): { history: TSourceMessage[]; incoming: TSourceMessage[] } {
  const every = Math.max(1, Math.floor(messages.length / Math.max(1, cases)));
  const history: TSourceMessage[] = [];
  const incoming: TSourceMessage[] = [];
  messages.forEach((message, i) => (i % every === every - 1 && incoming.length < cases ? incoming : history).push(message));
  return { history, incoming };
}

/** E-mails of the spam demo with their known labels, spread over the whole corpus (every k-th). */
async function readSourceMessages(db: Database, sourceProjectId: number, count: number): Promise<TSourceMessage[]> {
  const result = await db.execute<{ text: string; label: string }>(sql`
    with numbered as (
      select i.text, l.name as label, row_number() over (order by i.id) as n, count(*) over () as total
      from items i join project_labels l on l.id = i.gold_label_id
      where i.project_id = ${sourceProjectId}
    )
    select text, label from numbered where n % greatest(1, total / ${count}) = 0 order by n limit ${count}`);
  return result.rows.map((row) => ({ text: row.text, label: row.label }));
}

/** The mail team's verdicts as JSON lines with their annotations: the same import path a user's file takes. */
async function* historyAsJsonLines(history: readonly TSourceMessage[]): AsyncGenerator<string> {
  for (const message of history) {
    const annotations = [{ annotator: 'Mail team', annotator_email: 'mail-team@gateway.example', labels: [message.label] }];
    yield `${JSON.stringify({ text: message.text, annotations })}\n`;
  }
}
