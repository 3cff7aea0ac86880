import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { projectLabels, projects } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { parseProjectSettings, ZProjectSettings } from '@/server/services/projects/project-settings';
import { ZDecisionPolicy, type TDecisionPolicy } from './decision-policy';

/** The policy as its form edits it: everything but the stop switch, which has its own one-click control. */
export const ZDecisionPolicyInput = ZDecisionPolicy.omit({ stopped: true }).refine(
  (policy) => policy.deadlineAction !== 'model' || policy.deadlineThreshold !== null,
  { message: 'Letting the model decide at the deadline needs a deadline threshold', path: ['deadlineThreshold'] },
);
export type TDecisionPolicyInput = Omit<TDecisionPolicy, 'stopped'>;

/**
 * Replaces a project's decision policy (mode, threshold, audit share, escalation rules, high-stakes
 * labels, blind review, deadline action), keeping the stop switch as it is. Labels the rules name
 * must be in the project's label set. Audited with the policy before and after.
 */
export async function updateDecisionPolicy(db: Database, actor: TActor, projectId: number, input: TDecisionPolicyInput): Promise<TDecisionPolicy> {
  return db.transaction(async (tx) => {
    const labels = new Set(
      (
        await tx
          .select({ name: projectLabels.name })
          .from(projectLabels)
          .where(and(eq(projectLabels.projectId, projectId), isNull(projectLabels.archivedAt)))
      ).map((label) => label.name),
    );
    const unknown = [...input.escalateLabels, ...input.highStakesLabels].filter((name) => !labels.has(name));
    if (unknown.length > 0) throw new AppError('BAD_REQUEST', `Not in this project's label set: ${[...new Set(unknown)].join(', ')}`);
    return writePolicy(tx, actor, projectId, 'decision.policy.update', (before) => ({ ...input, stopped: before.stopped }));
  });
}

/**
 * The stop switch: on, every new case goes to people at once whatever the mode (routeCase checks it
 * first); off, the policy routes as before. Audited either way.
 */
export async function setDecisionStop(db: Database, actor: TActor, projectId: number, stopped: boolean): Promise<TDecisionPolicy> {
  return db.transaction((tx) => writePolicy(tx, actor, projectId, stopped ? 'decision.stop' : 'decision.resume', (before) => ({ ...before, stopped })));
}

async function writePolicy(
  tx: Database,
  actor: TActor,
  projectId: number,
  action: string,
  change: (before: TDecisionPolicy) => TDecisionPolicy,
): Promise<TDecisionPolicy> {
  const [project] = await tx.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId)).for('update');
  if (!project) throw new AppError('NOT_FOUND', 'Project not found');
  const settings = parseProjectSettings(project.settings);
  const before = settings.decisionPolicy;
  const next = ZProjectSettings.parse({ ...settings, decisionPolicy: change(before) });
  await tx.update(projects).set({ settings: next, updatedAt: new Date() }).where(eq(projects.id, projectId));
  await recordAuditEvent(tx, { actor, projectId, action, subjectType: 'project', subjectId: projectId, before: { decisionPolicy: before }, after: { decisionPolicy: next.decisionPolicy } });
  return next.decisionPolicy;
}
