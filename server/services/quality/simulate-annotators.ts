import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { itemLeases, projectLabels, projectMembers, users } from '@/db/schema';
import { createRng, type Rng } from '@/ml/random';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { loadQueueSettings } from '@/server/services/queue/load-queue-settings';

export type TSimulatedAnnotator = { userId: string; name: string; accuracy: number; medianLeadTimeMs: number };

export type TSimulationPlan = {
  projectId: number;
  annotators: TSimulatedAnnotator[];
  /** Stop taking new items once this many distinct items got a simulated label; items already started are finished. */
  items: number;
  seed: number;
  /** Spread the simulated labels' timestamps evenly over this many past days (1: leave them at now). */
  days?: number;
  onProgress?: (progress: { submitted: number; items: number }) => void;
};

export type TSimulationResult = {
  submitted: number;
  items: number;
  annotators: { userId: string; name: string; accuracy: number; submitted: number; correct: number }[];
  /** Labels given to items without a gold label, whose truth the simulation made up. */
  withoutGold: number;
};

/**
 * Several simulated annotators label a project through the real queue, taking turns: each leases
 * its next task with leaseNextItem and answers with submitAnnotation, so overlap, gold checks,
 * review routing and final labels all happen as they would for people. An annotator gives the true
 * label with its accuracy and a uniformly chosen wrong one otherwise. The truth is the item's gold
 * label; an item without one gets a made-up truth, fixed per item and seed, so that annotators still
 * agree with each other at their accuracies.
 */
export async function simulateAnnotators(db: Database, plan: TSimulationPlan): Promise<TSimulationResult> {
  if (plan.annotators.length === 0) throw new AppError('BAD_REQUEST', 'Simulate at least one annotator');
  for (const annotator of plan.annotators) {
    if (!(annotator.accuracy >= 0 && annotator.accuracy <= 1)) throw new AppError('BAD_REQUEST', `Accuracy must be between 0 and 1, got ${annotator.accuracy}`);
  }
  const labels = await db
    .select({ id: projectLabels.id })
    .from(projectLabels)
    .where(and(eq(projectLabels.projectId, plan.projectId), sql`${projectLabels.archivedAt} is null`))
    .orderBy(projectLabels.position);
  const labelIds = labels.map((label) => label.id);
  if (labelIds.length < 2) throw new AppError('BAD_REQUEST', 'The project needs at least two labels');
  const settings = await loadQueueSettings(db, plan.projectId);
  const rng = createRng(plan.seed);
  const actors = await loadActors(db, plan.annotators);
  const tally = plan.annotators.map((annotator) => ({ userId: annotator.userId, name: annotator.name, accuracy: annotator.accuracy, submitted: 0, correct: 0 }));
  const touched = new Set<number>();
  const submittedIds: number[] = [];
  let withoutGold = 0;
  const active = new Set(plan.annotators.map((_, a) => a));

  while (active.size > 0) {
    for (const a of [...active]) {
      const annotator = plan.annotators[a]!;
      const actor = actors[a]!;
      const task = await leaseNextItem(db, actor, { projectId: plan.projectId, settings, random: () => rng.next() });
      if (!task) {
        active.delete(a);
        continue;
      }
      if (touched.size >= plan.items && !touched.has(task.itemId)) {
        // Out of budget: hand the fresh task back at once rather than leave it reserved for a simulation that has ended.
        await db.delete(itemLeases).where(and(eq(itemLeases.itemId, task.itemId), eq(itemLeases.annotatorId, actor.userId)));
        active.delete(a);
        continue;
      }
      const truth = await findTruth(db, task.itemId, labelIds, plan.seed);
      if (!truth.isGold) withoutGold++;
      const isRight = rng.next() < annotator.accuracy;
      const wrong = labelIds.filter((id) => id !== truth.labelId);
      const labelId = isRight ? truth.labelId : wrong[rng.int(wrong.length)]!;
      const result = await submitAnnotation(db, actor, {
        projectId: plan.projectId,
        itemId: task.itemId,
        labelId,
        clientId: randomUUID(),
        leadTimeMs: sampleLeadTime(rng, annotator.medianLeadTimeMs),
        settings,
        random: () => rng.next(),
      });
      submittedIds.push(result.annotationId);
      touched.add(task.itemId);
      tally[a]!.submitted++;
      if (labelId === truth.labelId) tally[a]!.correct++;
      plan.onProgress?.({ submitted: submittedIds.length, items: touched.size });
    }
  }
  if ((plan.days ?? 1) > 1) await spreadOverDays(db, submittedIds, plan.days!);
  return { submitted: submittedIds.length, items: touched.size, annotators: tally, withoutGold };
}

/**
 * Simulated annotators are accounts without credentials (nobody can sign in as them), added to the
 * project as annotators; asking again for the same number returns the same accounts.
 */
export async function ensureSimulatedAnnotators(db: Database, projectId: number, count: number): Promise<{ userId: string; name: string }[]> {
  const wanted = Array.from({ length: count }, (_, n) => ({
    name: `Simulated annotator ${n + 1}`,
    email: `simulated.${projectId}.${n + 1}@simulated.invalid`,
  }));
  await db
    .insert(users)
    .values(wanted.map((user) => ({ id: randomUUID(), ...user, banned: true, banReason: 'Simulated annotator: cannot sign in' })))
    .onConflictDoNothing({ target: users.email });
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(inArray(users.email, wanted.map((user) => user.email)));
  const byEmail = new Map(rows.map((row) => [row.email, row]));
  const accounts = wanted.map((user) => ({ userId: byEmail.get(user.email)!.id, name: byEmail.get(user.email)!.name }));
  await db
    .insert(projectMembers)
    .values(accounts.map((account) => ({ projectId, userId: account.userId, role: 'annotator' as const })))
    .onConflictDoNothing();
  return accounts;
}

async function loadActors(db: Database, annotators: TSimulatedAnnotator[]): Promise<TActor[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, annotators.map((annotator) => annotator.userId)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return annotators.map((annotator) => {
    const row = byId.get(annotator.userId);
    if (!row) throw new AppError('NOT_FOUND', `No account ${annotator.userId}`);
    return { userId: row.id, name: row.name, email: row.email, globalRole: 'user', via: 'session' };
  });
}

async function findTruth(db: Database, itemId: number, labelIds: number[], seed: number): Promise<{ labelId: number; isGold: boolean }> {
  const { rows } = await db.execute<{ gold_label_id: number | null }>(sql`select gold_label_id from items where id = ${itemId}`);
  const gold = rows[0]?.gold_label_id;
  if (gold !== null && gold !== undefined && labelIds.includes(Number(gold))) return { labelId: Number(gold), isGold: true };
  return { labelId: labelIds[createRng(seed * 1_000_003 + itemId).int(labelIds.length)]!, isGold: false };
}

/** Log-normal around the median (σ = 0.5): most labels take about the median, a few take much longer. */
function sampleLeadTime(rng: Rng, medianMs: number): number {
  const u1 = Math.max(rng.next(), 1e-12);
  const u2 = rng.next();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(medianMs * Math.exp(0.5 * normal));
}

/** The k-th of n simulated labels is dated k/n of the way from `days` ago to now, so daily charts have a history to show. */
async function spreadOverDays(db: Database, annotationIds: number[], days: number): Promise<void> {
  const spanMs = (days - 1) * 86_400_000 + 3_600_000;
  const now = Date.now();
  const rows = annotationIds.map((id, k) => ({ id, at: new Date(now - spanMs + (spanMs * (k + 1)) / annotationIds.length).toISOString() }));
  for (let start = 0; start < rows.length; start += 2000) {
    await db.execute(sql`
      update annotations a set created_at = v.at
      from jsonb_to_recordset(${JSON.stringify(rows.slice(start, start + 2000))}::jsonb) as v(id bigint, at timestamptz)
      where a.id = v.id`);
  }
}
