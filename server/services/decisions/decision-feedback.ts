import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { annotations, items, projectLabels, projects } from '@/db/schema';
import { hashContent } from '@/server/import/content-hash';

/** The item a decision's feedback lives in: one per decision, so feedback is written at most once. */
export function feedbackExternalId(decisionId: string): string {
  return `decision:${decisionId}`;
}

export type TDecisionFeedback = {
  /**
   * `goldLabel`: non-null for a hidden gold check (gold-checks.ts). Its text is an item the project
   * already has with a known answer, and the reviewer's label is what is being tested: it must never
   * become a training or evaluation label.
   */
  decision: { id: string; projectId: number; text: string; label: string; goldLabel: string | null };
  /** The people whose answers make the label (one, or the M who agreed). */
  reviewerIds: readonly string[];
  /**
   * The case was drawn into the uniform sample before it was routed (`decisions.sampled`): an audit
   * of an automatic decision, or a sampled case people decided. Its label is unbiased evaluation and
   * calibration data. Other cases routed to people because the model was unsure (or by a rule) are
   * training data only, never evaluation data: they were selected by the model's own confidence, so
   * scoring a model on them would measure it on its hardest cases and bias every estimate (selection
   * bias); calibration and certified thresholds need uniformly drawn cases.
   */
  isUniformSample: boolean;
};

/**
 * Turns a person's decision into a label the project learns from: an item with the case's text,
 * decided by review with the person's label, and their annotation. Call it inside the transaction
 * that settles the case, then `notifyLabelsChanged` after the commit when it returns created.
 * Idempotent: the item is keyed by the decision id, so a second call writes nothing. A label that is
 * no longer in the project's label set (archived), a gold check's answer, or an answer in a multi-label
 * project (one label is not the item's set) gives no feedback.
 */
export async function recordDecisionFeedback(tx: Database, feedback: TDecisionFeedback): Promise<{ itemId: number; isCreated: boolean } | null> {
  const { decision } = feedback;
  if (decision.goldLabel !== null) return null;
  // A decision is one label; a multi-label project's items hold sets, and one label is not the whole set.
  const [project] = await tx.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, decision.projectId));
  if (project?.taskType === 'multi_label') return null;
  const [label] = await tx
    .select({ id: projectLabels.id })
    .from(projectLabels)
    .where(and(eq(projectLabels.projectId, decision.projectId), eq(projectLabels.name, decision.label), isNull(projectLabels.archivedAt)));
  if (!label) return null;
  const reviewerIds = [...new Set(feedback.reviewerIds)];
  const externalId = feedbackExternalId(decision.id);
  const [created] = await tx
    .insert(items)
    .values({
      projectId: decision.projectId,
      externalId,
      contentHash: hashContent(decision.text),
      text: decision.text,
      metadata: { decisionId: decision.id },
      finalLabelId: label.id,
      finalSource: 'review',
      status: 'reviewed',
      annotationCount: reviewerIds.length,
      isEval: feedback.isUniformSample,
    })
    .onConflictDoNothing()
    .returning({ id: items.id });
  if (!created) {
    const [existing] = await tx
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.projectId, decision.projectId), eq(items.externalId, externalId)));
    return existing ? { itemId: existing.id, isCreated: false } : null;
  }
  if (reviewerIds.length > 0) {
    await tx
      .insert(annotations)
      .values(reviewerIds.map((annotatorId) => ({ projectId: decision.projectId, itemId: created.id, annotatorId, labelId: label.id, status: 'accepted' as const })))
      .onConflictDoNothing();
  }
  return { itemId: created.id, isCreated: true };
}
