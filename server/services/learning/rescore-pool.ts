import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { createRng, type Rng } from '@/ml/random';
import { findConfidentDisagreements } from '@/ml/review/label-issues';
import {
  computeQueuePriorities,
  DEFAULT_CANDIDATE_FACTOR,
  DEFAULT_COLD_START_LABELS_PER_CLASS,
  isColdStart,
  orderQueue,
  scoreRandom,
  type BatchDiversity,
} from '@/ml/sampling';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import { addModelReviewTasks, withdrawUnsupportedModelFlags } from './model-review-tasks';
import type { TCompute, TPoolItems } from './compute';
import type { TImageLoader } from './load-item-images';

/**
 * Rescoring: after a training (or a pin, or a strategy change) the current version scores
 * the whole pool in chunks, stores one prediction per item, and rewrites the queue order of
 * the open items. Every statement is short and touches one chunk, so labeling never waits
 * on it; an item labeled meanwhile is no longer open and keeps its state.
 */

export const SCORE_CHUNK = 2_000;
const WRITE_CHUNK = 2_000;
/** Statements writing at once: PostgreSQL uses a second connection (and core); PGlite queues them. */
const WRITES_IN_FLIGHT = 2;
/** The diversity-aware batch served first, before plain score order takes over. */
const MAX_HEAD = 200;
const MIN_HEAD = 10;
/** Open items the cold-start representatives are drawn from: clustering costs sample × head × non-zeros. */
export const REPRESENTATIVE_SAMPLE = 5_000;
const HUMAN_SOURCES = new Set(['single', 'consensus']);

export type TRescoreInput = {
  projectId: number;
  versionId: number;
  /** An open scoring session in the compute thread (holds the version's model). */
  sessionId: string;
  settings: TProjectSettings;
  /** Project label ids in class order. */
  classLabelIds: readonly number[];
  /** Training labels per class (cold start until each has k). */
  labelCountsPerClass: readonly number[];
  /** Items the version trained on; their labels are not second-guessed here. */
  trainedItemIds: ReadonlySet<number>;
  seed: number;
  /** An image project's images, decoded to the version's input size; texts are scored without it. */
  imageLoader?: TImageLoader | null;
  /**
   * How a row of the session's probabilities becomes the stored prediction; the top class and its
   * probability by default (readTopClass). A multi-label version stores its predicted set
   * (multilabel-predictions.ts). Rows without a class label (label null) raise no "model disagrees".
   */
  readPrediction?: TPredictionReader;
  /** Overrides the cold-start rule on labelCountsPerClass (a multi-label project has its own: isMultilabelColdStart). */
  isColdStart?: boolean;
  onProgress?(progress: { stage: 'scoring' | 'ordering' | 'writing'; done: number; total: number | null }): void;
  signal?: AbortSignal;
};

export type TRescoreResult = {
  scored: number;
  queued: number;
  isColdStart: boolean;
  headSize: number;
  modelDisagreements: number;
  /** Open "model disagrees" flags of other versions this version no longer supports, withdrawn. */
  modelFlagsWithdrawn: number;
  seconds: { scoring: number; ordering: number; writing: number };
};

/** One stored prediction: `label_id` (null when the answer is not one label), `score`, and `value` (jsonb, or null). */
export type TStoredPrediction = { labelId: number | null; score: number; value: Record<string, unknown> | null };
export type TPredictionReader = (probs: Float32Array, row: number) => TStoredPrediction;

type TPoolRow = {
  id: number | string;
  text: string;
  media_hash: string | null;
  status: string;
  is_eval: boolean;
  is_gold_check: boolean;
  final_label_id: number | null;
  final_source: string | null;
};

export async function rescorePool(db: Database, compute: TCompute, input: TRescoreInput): Promise<TRescoreResult> {
  const { projectId, versionId, sessionId, settings, classLabelIds, signal } = input;
  const numClasses = classLabelIds.length;
  const classOf = new Map(classLabelIds.map((id, index) => [id, index]));
  const readPrediction = input.readPrediction ?? ((probs: Float32Array, r: number) => readTopClass(probs, r, classLabelIds));
  const started = performance.now();

  const queuedIds: number[] = [];
  const queuedScores: number[] = [];
  const disagreementRows: { itemId: number; given: number }[] = [];
  const disagreementProbs: number[] = [];
  let scored = 0;

  const readChunk = (afterId: number) => {
    const read = db.execute<TPoolRow>(sql`
      select id, text, media_hash, status, is_eval, is_gold_check, final_label_id, final_source from items
      where project_id = ${projectId} and id > ${afterId}
      order by id limit ${SCORE_CHUNK}`);
    // Awaited below; if scoring fails first, this prefetch must not become an unhandled rejection.
    read.catch(() => undefined);
    return read;
  };

  // A retried job starts its version's predictions over, so plain inserts cannot collide.
  await deleteVersionPredictions(db, versionId);
  // The stages overlap: the database reads the next chunk and writes the previous ones'
  // predictions while the compute thread scores this one.
  let pending = readChunk(0);
  const writing: Promise<void>[] = [];
  for (;;) {
    const rows = (await pending).rows;
    if (rows.length === 0) break;
    signal?.throwIfAborted();
    pending = readChunk(Number(rows.at(-1)!.id));
    const items: TPoolItems = input.imageLoader ? await input.imageLoader.load(rows.map((row) => row.media_hash)) : rows.map((row) => row.text);
    const { probs, scores } = await compute.score(sessionId, items);
    const itemIds: number[] = [];
    const labelIds: (number | null)[] = [];
    const confidences: number[] = [];
    const values: (Record<string, unknown> | null)[] = [];
    rows.forEach((row, r) => {
      const id = Number(row.id);
      const prediction = readPrediction(probs, r);
      itemIds.push(id);
      labelIds.push(prediction.labelId);
      confidences.push(prediction.score);
      values.push(prediction.value);
      // The main queue's items (items_queue_idx): evaluation items and gold checks are served apart.
      if (row.status === 'open' && !row.is_eval && !row.is_gold_check) {
        queuedIds.push(id);
        queuedScores.push(scores[r]!);
      }
      const given = row.final_label_id === null ? undefined : classOf.get(row.final_label_id);
      if (given !== undefined && HUMAN_SOURCES.has(row.final_source ?? '') && !input.trainedItemIds.has(id)) {
        disagreementRows.push({ itemId: id, given });
        for (let c = 0; c < numClasses; c++) disagreementProbs.push(probs[r * numClasses + c]!);
      }
    });
    if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
    const write = writePredictions(db, { projectId, versionId, itemIds, labelIds, confidences, values });
    write.catch(() => undefined);
    writing.push(write);
    scored += rows.length;
    input.onProgress?.({ stage: 'scoring', done: scored, total: null });
  }
  await Promise.all(writing);
  const scoringSeconds = (performance.now() - started) / 1000;

  input.onProgress?.({ stage: 'ordering', done: 0, total: queuedIds.length });
  const rng = createRng(input.seed);
  const isCold = input.isColdStart ?? isColdStart(input.labelCountsPerClass, DEFAULT_COLD_START_LABELS_PER_CLASS);
  const useRandom = isCold || settings.samplingStrategy === 'random';
  const scores = useRandom ? scoreRandom(queuedIds.length, rng) : Float32Array.from(queuedScores);
  const headSize = computeHeadSize(queuedIds.length, settings.retrainEvery);
  const head =
    settings.samplingStrategy === 'random'
      ? []
      : isCold
        ? await selectRepresentativeHead(db, compute, { sessionId, ids: queuedIds, headSize, rng, imageLoader: input.imageLoader ?? null })
        : settings.batchDiversity === 'none'
          ? []
          : await selectDiverseHead(db, compute, { sessionId, ids: queuedIds, scores, headSize, diversity: settings.batchDiversity, imageLoader: input.imageLoader ?? null });
  const order = orderQueue({ scores, head, explorationShare: useRandom ? 0 : settings.explorationShare, rng });
  const priorities = computeQueuePriorities(order, queuedIds.length);
  const ordered = performance.now();

  // In id order (queuedIds were read that way), so each statement touches one narrow range of
  // the primary key.
  const inFlight: Promise<void>[] = [];
  for (let start = 0; start < queuedIds.length; start += WRITE_CHUNK) {
    signal?.throwIfAborted();
    const end = Math.min(queuedIds.length, start + WRITE_CHUNK);
    if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
    const write = writePriorities(db, {
      versionId,
      itemIds: queuedIds.slice(start, end),
      priorities: Array.from(priorities.subarray(start, end)),
    });
    write.catch(() => undefined);
    inFlight.push(write);
    input.onProgress?.({ stage: 'writing', done: end, total: queuedIds.length });
  }
  await Promise.all(inFlight);
  const written = performance.now();

  // The predictions are stored: flags of earlier versions this one does not back leave the queue.
  const modelFlagsWithdrawn = await withdrawUnsupportedModelFlags(db, { projectId, versionId, minConfidence: settings.disagreementConfidence });
  const modelDisagreements = await flagDisagreements(db, {
    projectId,
    versionId,
    rows: disagreementRows,
    probs: Float32Array.from(disagreementProbs),
    classLabelIds,
    minConfidence: settings.disagreementConfidence,
  });
  return {
    scored,
    queued: queuedIds.length,
    isColdStart: isCold,
    headSize: head.length,
    modelDisagreements,
    modelFlagsWithdrawn,
    seconds: { scoring: scoringSeconds, ordering: (ordered - started) / 1000 - scoringSeconds, writing: (written - ordered) / 1000 },
  };
}

/** The head of the queue a strategy chooses with care: about one retraining's worth of labels. */
export function computeHeadSize(openItems: number, retrainEvery: number): number {
  return Math.min(openItems, Math.max(MIN_HEAD, Math.min(MAX_HEAD, retrainEvery)));
}

/**
 * The cold-start head: while some class has too few labels for the model's uncertainty to mean
 * much, the next batch is k-means representatives of (a sample of) the open pool, so the first
 * labels cover the pool's topics instead of whatever a random draw or a guessing model favours.
 */
async function selectRepresentativeHead(
  db: Database,
  compute: TCompute,
  { sessionId, ids, headSize, rng, imageLoader }: { sessionId: string; ids: number[]; headSize: number; rng: Rng; imageLoader: TImageLoader | null },
): Promise<number[]> {
  if (headSize === 0) return [];
  const sample = ids.length > REPRESENTATIVE_SAMPLE ? rng.sample(Array.from(ids.keys()), REPRESENTATIVE_SAMPLE) : Array.from(ids.keys());
  const { present, items } = await readItems(db, ids, sample, imageLoader);
  const positions = await compute.selectRepresentatives(sessionId, items, headSize);
  return positions.map((p) => present[p]!);
}

/** The texts (or decoded images) of `ids[i]` for each i of `positions`, and the positions whose item still exists. */
async function readItems(db: Database, ids: readonly number[], positions: readonly number[], imageLoader: TImageLoader | null): Promise<{ present: number[]; items: TPoolItems }> {
  const rows = await db.execute<{ id: number | string; text: string; media_hash: string | null }>(sql`
    select id, text, media_hash from items where id = any(${toPgArray(positions.map((i) => ids[i]!))}::bigint[])`);
  const rowById = new Map(rows.rows.map((row) => [Number(row.id), row]));
  const present = positions.filter((i) => rowById.has(ids[i]!));
  const found = present.map((i) => rowById.get(ids[i]!)!);
  return { present, items: imageLoader ? await imageLoader.load(found.map((row) => row.media_hash)) : found.map((row) => row.text) };
}

/** The diversity-aware head of the queue: k-center or one-per-cluster among the top candidates. */
async function selectDiverseHead(
  db: Database,
  compute: TCompute,
  {
    sessionId,
    ids,
    scores,
    headSize,
    diversity,
    imageLoader,
  }: { sessionId: string; ids: number[]; scores: Float32Array; headSize: number; diversity: Exclude<BatchDiversity, 'none'>; imageLoader: TImageLoader | null },
): Promise<number[]> {
  if (headSize === 0) return [];
  const candidates = Array.from(scores.keys())
    .filter((i) => !Number.isNaN(scores[i]!))
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, Math.ceil(DEFAULT_CANDIDATE_FACTOR * headSize));
  const { present, items } = await readItems(db, ids, candidates, imageLoader);
  const positions = await compute.selectDiverse(
    sessionId,
    items,
    Float32Array.from(present, (i) => scores[i]!),
    headSize,
    diversity,
  );
  return positions.map((p) => present[p]!);
}

async function deleteVersionPredictions(db: Database, versionId: number): Promise<void> {
  for (;;) {
    const result = await db.execute<{ id: number }>(sql`
      delete from predictions where id in (select id from predictions where model_version_id = ${versionId} limit ${WRITE_CHUNK}) returning id`);
    if (result.rows.length < WRITE_CHUNK) return;
  }
}

/** The top class of a row of class probabilities and its probability: a single-label version's prediction. */
export function readTopClass(probs: Float32Array, r: number, classLabelIds: readonly number[]): TStoredPrediction {
  const numClasses = classLabelIds.length;
  let top = 0;
  for (let c = 1; c < numClasses; c++) if (probs[r * numClasses + c]! > probs[r * numClasses + top]!) top = c;
  return { labelId: classLabelIds[top]!, score: probs[r * numClasses + top]!, value: null };
}

/** One prediction per item and version: the top class and its probability (or what `readPrediction` made of the row). */
async function writePredictions(
  db: Database,
  {
    projectId,
    versionId,
    itemIds,
    labelIds,
    confidences,
    values,
  }: { projectId: number; versionId: number; itemIds: number[]; labelIds: (number | null)[]; confidences: number[]; values: (Record<string, unknown> | null)[] },
): Promise<void> {
  if (itemIds.length === 0) return;
  if (values.every((value) => value === null) && labelIds.every((id) => id !== null)) {
    await db.execute(sql`
      insert into predictions (project_id, item_id, model_version_id, label_id, score)
      select ${projectId}, u.item_id, ${versionId}, u.label_id, u.score
      from unnest(${toPgArray(itemIds)}::bigint[], ${toPgArray(labelIds as number[])}::int[], ${toPgArray(confidences)}::real[]) as u(item_id, label_id, score)`);
    return;
  }
  // Nullable label ids and jsonb values: the chunk as one JSON array parameter.
  const entries = itemIds.map((itemId, i) => ({ itemId, labelId: labelIds[i], score: confidences[i], value: values[i] }));
  await db.execute(sql`
    insert into predictions (project_id, item_id, model_version_id, label_id, score, value)
    select ${projectId}, (e ->> 'itemId')::bigint, ${versionId}, (e ->> 'labelId')::int, (e ->> 'score')::real, nullif(e -> 'value', 'null'::jsonb)
    from jsonb_array_elements(${JSON.stringify(entries)}::jsonb) as e`);
}

/**
 * New queue priorities for items still open; anything labeled meanwhile is left as it is. The
 * id range (ids ascending) keeps the planner on the primary key: joined with a bare unnest it
 * would scan the whole table for every chunk.
 */
export async function writePriorities(db: Database, { versionId, itemIds, priorities }: { versionId: number; itemIds: number[]; priorities: number[] }): Promise<void> {
  if (itemIds.length === 0) return;
  await db.execute(sql`
    update items set priority = u.priority, priority_version_id = ${versionId}
    from unnest(${toPgArray(itemIds)}::bigint[], ${toPgArray(priorities)}::real[]) as u(id, priority)
    where items.id = u.id and items.id between ${itemIds[0]!} and ${itemIds.at(-1)!}
      and items.status = 'open' and not items.is_eval and not items.is_gold_check`);
}

/** Human labels the version did not train on and confidently contradicts: "model disagrees" review tasks. */
async function flagDisagreements(
  db: Database,
  { projectId, versionId, rows, probs, classLabelIds, minConfidence }: { projectId: number; versionId: number; rows: { itemId: number; given: number }[]; probs: Float32Array; classLabelIds: readonly number[]; minConfidence: number },
): Promise<number> {
  if (rows.length === 0) return 0;
  const issues = findConfidentDisagreements({
    probs,
    labels: Int32Array.from(rows, (row) => row.given),
    numClasses: classLabelIds.length,
    minConfidence,
  });
  return addModelReviewTasks(db, { projectId, versionId, reason: 'model_disagrees', issues: issues.map((issue) => ({ itemId: rows[issue.index]!.itemId, issue })), classLabelIds });
}

/** A PostgreSQL array literal of numbers, passed as one text parameter (drizzle would spread a JS array). */
export function toPgArray(values: ArrayLike<number>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) throw new RangeError(`cannot store ${value} in a numeric array`);
    out += (i === 0 ? '' : ',') + String(value);
  }
  return `${out}}`;
}
