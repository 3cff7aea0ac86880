import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import {
  annotations,
  items,
  itemSkips,
  modelVersions,
  predictions,
  projectLabels,
  projects,
  reviewComments,
  reviewTasks,
  users,
  type TAnnotationStatus,
  type TFinalLabelSource,
  type TItemStatus,
  type TReviewReason,
  type TStructuredValue,
  type TTaskType,
} from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { assertItemInProject } from '@/server/services/projects/item-in-project';
import { notifyLabelsChanged } from '@/server/services/learning/notify-labels-changed';
import { keyOfAnswer, readAnswer } from '@/server/services/queue/answer';
import { listAnswerLabelIds } from '@/server/services/queue/answer';
import { assertValidSpans, parseSubmittedAnswer, type TSubmittedAnswer } from '@/server/services/queue/parse-answer';
import { parseProjectSettings } from '@/server/services/projects/project-settings';
import { MAX_COMMENT_LENGTH } from './limits';
import { closeOpenReviewTasks, hasOpenReviewTask, QUEUE_REVIEW_REASONS, withdrawGoldMiss } from './review-tasks';

const REVIEW_QUEUE_LIMIT = 100;
const PREVIEW_CHARACTERS = 240;

export type TReviewQueueEntry = {
  itemId: number;
  preview: string;
  /** Image projects: the list shows the item's thumbnail. */
  hasImage: boolean;
  status: TItemStatus;
  annotationCount: number;
  reasons: TReviewReason[];
  since: Date;
  /** The answer the item has now (annotators' consensus, a single answer, gold); both null on a disagreement. */
  finalLabelId: number | null;
  finalValue: TStructuredValue | null;
  finalSource: TFinalLabelSource | null;
  /** The latest model prediction, if any: with the final label it tells the obvious cases apart. */
  prediction: { labelId: number; score: number | null } | null;
};

export type TReviewQueue = {
  entries: TReviewQueueEntry[];
  /** Items waiting (for `reason` when one is asked for). */
  total: number;
  /** Items waiting for each reason, whatever the filter: an item with two reasons counts under both. */
  countsByReason: Partial<Record<TReviewReason, number>>;
};

/**
 * Items with open review tasks, oldest first, each with every reason it is waiting for; only items
 * waiting for `reason` when one is given.
 */
export async function listReviewQueue(db: Database, projectId: number, filter: { reason?: TReviewReason | null } = {}): Promise<TReviewQueue> {
  const reason = filter.reason ?? null;
  const rows = await db.execute<{
    item_id: number | string;
    preview: string;
    has_image: boolean;
    status: TItemStatus;
    annotation_count: number;
    reasons: TReviewReason[];
    since: Date | string;
    final_label_id: number | null;
    final_value: TStructuredValue | null;
    final_source: TFinalLabelSource | null;
    predicted_label_id: number | null;
    predicted_score: number | null;
  }>(sql`
    with waiting as (
      select t.item_id, array_agg(t.reason order by t.created_at) as reasons, min(t.created_at) as since
      from review_tasks t
      where t.project_id = ${projectId} and t.status = 'open'
      group by t.item_id
      having ${reason}::text is null or bool_or(t.reason = ${reason}::text)
      order by min(t.created_at), t.item_id
      limit ${REVIEW_QUEUE_LIMIT}
    )
    select w.item_id, left(i.text, ${PREVIEW_CHARACTERS}) as preview, i.media_hash is not null as has_image, i.status, i.annotation_count, w.reasons, w.since,
      i.final_label_id, i.final_value, i.final_source, p.label_id as predicted_label_id, p.score as predicted_score
    from waiting w join items i on i.id = w.item_id
    left join lateral (
      select label_id, score from predictions where item_id = w.item_id order by created_at desc, id desc limit 1
    ) p on true
    order by w.since, w.item_id`);
  const counts = await db.execute<{ reason: TReviewReason; n: number | string }>(
    sql`select reason, count(*) as n from review_tasks where project_id = ${projectId} and status = 'open' group by reason`,
  );
  const countsByReason: Partial<Record<TReviewReason, number>> = {};
  for (const row of counts.rows) countsByReason[row.reason] = Number(row.n);
  const total =
    reason !== null
      ? (countsByReason[reason] ?? 0)
      : Number(
          (await db.execute<{ n: number | string }>(sql`select count(distinct item_id) as n from review_tasks where project_id = ${projectId} and status = 'open'`)).rows[0]?.n ?? 0,
        );
  return {
    entries: rows.rows.map((row) => ({
      itemId: Number(row.item_id),
      preview: row.preview,
      hasImage: Boolean(row.has_image),
      status: row.status,
      annotationCount: Number(row.annotation_count),
      reasons: row.reasons,
      since: new Date(row.since),
      finalLabelId: row.final_label_id,
      finalValue: row.final_value,
      finalSource: row.final_source,
      prediction: row.predicted_label_id === null ? null : { labelId: row.predicted_label_id, score: row.predicted_score },
    })),
    total,
    countsByReason,
  };
}

/** Everything a reviewer needs to decide one item: all annotations, the model's view, gold, history. */
export async function getReviewItem(db: Database, projectId: number, itemId: number) {
  const [item] = await db
    .select({
      id: items.id,
      externalId: items.externalId,
      text: items.text,
      metadata: items.metadata,
      mediaHash: items.mediaHash,
      status: items.status,
      goldLabelId: items.goldLabelId,
      goldValue: items.goldValue,
      finalLabelId: items.finalLabelId,
      finalValue: items.finalValue,
      finalSource: items.finalSource,
      annotationCount: items.annotationCount,
      isEval: items.isEval,
    })
    .from(items)
    .where(and(eq(items.id, itemId), eq(items.projectId, projectId)));
  if (!item) throw new AppError('NOT_FOUND', 'This item is not part of the project');
  const resolver = alias(users, 'resolver');
  const [itemAnnotations, [prediction], tasks, comments, skips, labels] = await Promise.all([
    db
      .select({
        id: annotations.id,
        annotatorId: annotations.annotatorId,
        annotatorName: users.name,
        labelId: annotations.labelId,
        value: annotations.value,
        status: annotations.status,
        source: annotations.source,
        leadTimeMs: annotations.leadTimeMs,
        createdAt: annotations.createdAt,
      })
      .from(annotations)
      .innerJoin(users, eq(users.id, annotations.annotatorId))
      .where(eq(annotations.itemId, itemId))
      .orderBy(asc(annotations.createdAt), asc(annotations.id)),
    db
      .select({
        labelId: predictions.labelId,
        score: predictions.score,
        value: predictions.value,
        modelVersion: modelVersions.version,
        externalModelVersion: predictions.externalModelVersion,
        createdAt: predictions.createdAt,
      })
      .from(predictions)
      .leftJoin(modelVersions, eq(modelVersions.id, predictions.modelVersionId))
      .where(eq(predictions.itemId, itemId))
      .orderBy(desc(predictions.createdAt))
      .limit(1),
    db
      .select({
        id: reviewTasks.id,
        reason: reviewTasks.reason,
        details: reviewTasks.details,
        status: reviewTasks.status,
        createdAt: reviewTasks.createdAt,
        resolvedAt: reviewTasks.resolvedAt,
        resolvedByName: resolver.name,
      })
      .from(reviewTasks)
      .leftJoin(resolver, eq(resolver.id, reviewTasks.resolvedBy))
      .where(eq(reviewTasks.itemId, itemId))
      .orderBy(asc(reviewTasks.createdAt)),
    db
      .select({ id: reviewComments.id, authorName: users.name, body: reviewComments.body, createdAt: reviewComments.createdAt })
      .from(reviewComments)
      .innerJoin(users, eq(users.id, reviewComments.authorId))
      .where(eq(reviewComments.itemId, itemId))
      .orderBy(asc(reviewComments.createdAt)),
    db
      .select({ annotatorName: users.name, reason: itemSkips.reason, createdAt: itemSkips.createdAt })
      .from(itemSkips)
      .innerJoin(users, eq(users.id, itemSkips.annotatorId))
      .where(eq(itemSkips.itemId, itemId))
      .orderBy(asc(itemSkips.createdAt)),
    // Archived labels too: older annotations and predictions may use them.
    db
      .select({ id: projectLabels.id, name: projectLabels.name, color: projectLabels.color, isArchived: sql<boolean>`${projectLabels.archivedAt} is not null` })
      .from(projectLabels)
      .where(eq(projectLabels.projectId, projectId))
      .orderBy(asc(projectLabels.position)),
  ]);
  return { item, annotations: itemAnnotations, prediction: prediction ?? null, tasks, comments, skips, labels };
}

async function lockItem(tx: Database, projectId: number, itemId: number) {
  const [item] = await tx
    .select()
    .from(items)
    .where(and(eq(items.id, itemId), eq(items.projectId, projectId)))
    .for('update');
  if (!item) throw new AppError('NOT_FOUND', 'This item is not part of the project');
  return item;
}

/** What a project's answers must look like: its task type, and whether its spans may overlap. */
type TAnswerRules = { taskType: TTaskType; allowOverlappingSpans: boolean };

/** Read once per request: a bulk accept decides many items of one project. */
async function readAnswerRules(db: Database, projectId: number): Promise<TAnswerRules> {
  const [project] = await db.select({ taskType: projects.taskType, settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  if (!project) throw new AppError('NOT_FOUND', 'Project not found');
  return { taskType: project.taskType, allowOverlappingSpans: parseProjectSettings(project.settings).allowOverlappingSpans };
}

/** The reviewer's answer in its stored form, if it fits the project's task type and uses only active labels. */
async function parseReviewAnswer(tx: Database, projectId: number, rules: TAnswerRules, itemText: string, answer: TSubmittedAnswer) {
  const parsed = parseSubmittedAnswer(rules.taskType, answer);
  assertValidSpans(itemText, parsed, rules.allowOverlappingSpans);
  const labelIds = listAnswerLabelIds(parsed);
  if (labelIds.length > 0) {
    const active = await tx
      .select({ id: projectLabels.id })
      .from(projectLabels)
      .where(and(inArray(projectLabels.id, labelIds), eq(projectLabels.projectId, projectId), isNull(projectLabels.archivedAt)));
    if (active.length !== labelIds.length) throw new AppError('BAD_REQUEST', "That label is not in this project's label set");
  }
  return parsed;
}

type TItemSnapshot = { status: TItemStatus; finalLabelId: number | null; finalValue: TStructuredValue | null; finalSource: TFinalLabelSource | null; annotationCount: number };

function snapshotItem(item: TItemSnapshot): TItemSnapshot {
  return { status: item.status, finalLabelId: item.finalLabelId, finalValue: item.finalValue, finalSource: item.finalSource, annotationCount: item.annotationCount };
}

/**
 * The reviewer's final answer (a label, or for multi_label and spans projects a value). It takes
 * precedence over everything automatic afterwards (consensus, Dawid–Skene, later submissions) and
 * closes every open review task of the item. With `isAccept` it accepts the item's current final
 * answer: it applies only while the item still has that answer (what the reviewer saw) and still
 * waits for review.
 */
export async function decideItem(
  db: Database,
  actor: TActor,
  input: TDecideInput,
): Promise<{ itemId: number; finalLabelId: number | null; finalValue: TStructuredValue | null; tasksResolved: number }> {
  const rules = await readAnswerRules(db, input.projectId);
  const result = await db.transaction((tx) => decideInTransaction(tx, actor, input, rules));
  await notifyLabelsChanged(db, input.projectId);
  return result;
}

type TDecideInput = TSubmittedAnswer & { projectId: number; itemId: number; comment?: string | null; isAccept?: boolean };

async function decideInTransaction(tx: Database, actor: TActor, input: TDecideInput, rules: TAnswerRules) {
  const comment = input.comment?.trim().slice(0, MAX_COMMENT_LENGTH) || null;
  const item = await lockItem(tx, input.projectId, input.itemId);
  const answer = await parseReviewAnswer(tx, input.projectId, rules, item.text, input);
  const isAccept = input.isAccept === true;
  if (isAccept) {
    const current = item.finalLabelId !== null || item.finalValue !== null ? keyOfAnswer(readAnswer(item.finalLabelId, item.finalValue)) : null;
    if (current !== keyOfAnswer(answer)) throw new AppError('CONFLICT', 'The final label of this item changed since you saw it');
    if (!(await hasOpenReviewTask(tx, item.id))) throw new AppError('CONFLICT', 'This item no longer waits for a review');
  }
  const after = { status: 'reviewed' as const, finalLabelId: answer.labelId, finalValue: answer.value, finalSource: 'review' as const };
  await tx
    .update(items)
    .set({ ...after, updatedAt: new Date() })
    .where(eq(items.id, item.id));
  const tasksResolved = await closeOpenReviewTasks(tx, { itemId: item.id, status: 'resolved', actor });
  if (comment) await tx.insert(reviewComments).values({ projectId: input.projectId, itemId: item.id, authorId: actor.userId, body: comment });
  await recordAuditEvent(tx, {
    actor,
    projectId: input.projectId,
    action: 'review.decide',
    subjectType: 'item',
    subjectId: item.id,
    before: snapshotItem(item),
    after: { ...after, tasksResolved, comment, ...(isAccept ? { accepted: true } : {}) },
  });
  return { itemId: item.id, finalLabelId: answer.labelId, finalValue: answer.value, tasksResolved };
}

/**
 * Accepts the final answer of several items at once (the obvious cases: annotators and model agree).
 * Each item is its own decision, exactly as a single accept: its own transaction and its own
 * 'review.decide' audit event. An item whose final answer changed since the reviewer saw it, or that
 * no longer waits, is left as it is and reported.
 */
export async function acceptFinalLabels(
  db: Database,
  actor: TActor,
  input: { projectId: number; items: readonly (TSubmittedAnswer & { itemId: number })[] },
): Promise<{ accepted: number[]; skipped: { itemId: number; reason: string }[] }> {
  const accepted: number[] = [];
  const skipped: { itemId: number; reason: string }[] = [];
  const rules = await readAnswerRules(db, input.projectId);
  for (const { itemId, labelId, value } of input.items) {
    try {
      await db.transaction((tx) => decideInTransaction(tx, actor, { projectId: input.projectId, itemId, labelId, value, isAccept: true }, rules));
      accepted.push(itemId);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'CONFLICT' && error.code !== 'NOT_FOUND' && error.code !== 'BAD_REQUEST')) throw error;
      skipped.push({ itemId, reason: error.message });
    }
  }
  if (accepted.length > 0) await notifyLabelsChanged(db, input.projectId);
  return { accepted, skipped };
}

/**
 * Accepts or rejects one annotation. A rejected annotation no longer counts: unless a reviewer has
 * already set the final label, its item goes back to the queue for another annotator (the rejected
 * one never gets it again). A rejection is final.
 */
export async function setAnnotationStatus(
  db: Database,
  actor: TActor,
  input: { projectId: number; annotationId: number; status: Exclude<TAnnotationStatus, 'submitted'> },
): Promise<{ annotationId: number; status: TAnnotationStatus; itemStatus: TItemStatus }> {
  const result = await db.transaction(async (tx) => {
    const [annotation] = await tx
      .select({ id: annotations.id, itemId: annotations.itemId, status: annotations.status, labelId: annotations.labelId, value: annotations.value })
      .from(annotations)
      .where(and(eq(annotations.id, input.annotationId), eq(annotations.projectId, input.projectId)));
    if (!annotation) throw new AppError('NOT_FOUND', 'This annotation is not part of the project');
    const item = await lockItem(tx, input.projectId, annotation.itemId);
    if (annotation.status === input.status) return { annotationId: annotation.id, status: annotation.status, itemStatus: item.status, changed: false };
    if (annotation.status === 'rejected') throw new AppError('CONFLICT', 'A rejected annotation stays rejected; set the final label instead');
    await tx.update(annotations).set({ status: input.status }).where(eq(annotations.id, annotation.id));
    let next = snapshotItem(item);
    if (input.status === 'rejected') {
      next = { ...next, annotationCount: Math.max(0, item.annotationCount - 1) };
      const isDecided = item.finalSource === 'review' || item.status === 'reviewed';
      if (item.isGoldCheck) {
        next.status = await withdrawGoldMiss(tx, { itemId: item.id, annotationId: annotation.id, itemStatus: next.status, isDecided, status: 'resolved', actor });
      } else if (!isDecided) {
        await closeOpenReviewTasks(tx, { itemId: item.id, status: 'resolved', actor, reasons: QUEUE_REVIEW_REASONS });
        const keepsFinal = item.finalSource !== 'single' && item.finalSource !== 'consensus';
        next = {
          ...next,
          status: 'open',
          finalLabelId: keepsFinal ? item.finalLabelId : null,
          finalValue: keepsFinal ? item.finalValue : null,
          finalSource: keepsFinal ? item.finalSource : null,
        };
      }
      await tx
        .update(items)
        .set({
          status: next.status,
          finalLabelId: next.finalLabelId,
          finalValue: next.finalValue,
          finalSource: next.finalSource,
          annotationCount: next.annotationCount,
          updatedAt: new Date(),
        })
        .where(eq(items.id, item.id));
    }
    await recordAuditEvent(tx, {
      actor,
      projectId: input.projectId,
      action: input.status === 'rejected' ? 'annotation.reject' : 'annotation.accept',
      subjectType: 'annotation',
      subjectId: annotation.id,
      before: { status: annotation.status, ...(annotation.value === null ? { labelId: annotation.labelId } : { value: annotation.value }), item: snapshotItem(item) },
      after: { status: input.status, item: next },
    });
    return { annotationId: annotation.id, status: input.status, itemStatus: next.status, changed: true };
  });
  if (result.changed) await notifyLabelsChanged(db, input.projectId);
  return { annotationId: result.annotationId, status: result.status, itemStatus: result.itemStatus };
}

export async function addReviewComment(db: Database, actor: TActor, input: { projectId: number; itemId: number; body: string }) {
  const body = input.body.trim().slice(0, MAX_COMMENT_LENGTH);
  if (!body) throw new AppError('BAD_REQUEST', 'A comment needs some text');
  return db.transaction(async (tx) => {
    await assertItemInProject(tx, input.projectId, input.itemId);
    const [comment] = await tx
      .insert(reviewComments)
      .values({ projectId: input.projectId, itemId: input.itemId, authorId: actor.userId, body })
      .returning({ id: reviewComments.id, createdAt: reviewComments.createdAt });
    if (!comment) throw new Error('comment insert returned nothing');
    await recordAuditEvent(tx, { actor, projectId: input.projectId, action: 'review.comment', subjectType: 'item', subjectId: input.itemId, after: { commentId: comment.id, body } });
    return { id: comment.id, createdAt: comment.createdAt };
  });
}
