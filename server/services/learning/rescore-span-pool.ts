import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TPredictedSpan } from '@/ml/spans/bio-tags';
import { createRng } from '@/ml/random';
import { computeQueuePriorities, DEFAULT_COLD_START_LABELS_PER_CLASS, isColdStart, orderQueue, scoreRandom } from '@/ml/sampling';
import type { TProjectSettings } from '@/server/services/projects/project-settings';
import type { TCompute } from './compute';
import { SCORE_CHUNK, toPgArray, writePriorities } from './rescore-pool';

/**
 * A span version scores the whole pool: each item's predicted spans (every one, with its
 * confidence; the labeling screen shows those above the cut) are stored in `predictions.value` as
 * `{spans}`, its mean top-tag probability as the prediction's score, and the open items' queue
 * order is rewritten by token uncertainty aggregated per item (the project's strategy applied
 * token by token), or at random for the random strategy and until the first few spans exist.
 * Chunked like rescore-pool.ts, so labeling never waits on it.
 */

const WRITE_CHUNK = 2_000;
const WRITES_IN_FLIGHT = 2;

export type TSpanRescoreInput = {
  projectId: number;
  versionId: number;
  /** An open span scoring session in the compute thread. */
  sessionId: string;
  settings: TProjectSettings;
  /** Spans the version trained on, all labels together: uncertainty orders the queue from the fifth on. */
  trainingSpans: number;
  seed: number;
  onProgress?(progress: { stage: 'scoring' | 'writing'; done: number; total: number | null }): void;
  signal?: AbortSignal;
};

export type TSpanRescoreResult = { scored: number; queued: number; predictedSpans: number; isColdStart: boolean; seconds: { scoring: number; writing: number } };

type TPoolRow = { id: number | string; text: string; status: string; is_eval: boolean; is_gold_check: boolean };

export async function rescoreSpanPool(db: Database, compute: TCompute, input: TSpanRescoreInput): Promise<TSpanRescoreResult> {
  const { projectId, versionId, sessionId, settings, signal } = input;
  const started = performance.now();
  const queuedIds: number[] = [];
  const queuedScores: number[] = [];
  let scored = 0;
  let predictedSpans = 0;

  const readChunk = (afterId: number) => {
    const read = db.execute<TPoolRow>(sql`
      select id, text, status, is_eval, is_gold_check from items
      where project_id = ${projectId} and id > ${afterId}
      order by id limit ${SCORE_CHUNK}`);
    read.catch(() => undefined);
    return read;
  };

  let pending = readChunk(0);
  const writing: Promise<void>[] = [];
  for (;;) {
    const rows = (await pending).rows;
    if (rows.length === 0) break;
    signal?.throwIfAborted();
    pending = readChunk(Number(rows.at(-1)!.id));
    const { scores, confidences, spans } = await compute.scoreSpans(sessionId, rows.map((row) => row.text));
    const itemIds: number[] = [];
    rows.forEach((row, r) => {
      const id = Number(row.id);
      itemIds.push(id);
      predictedSpans += spans[r]!.length;
      if (row.status === 'open' && !row.is_eval && !row.is_gold_check) {
        queuedIds.push(id);
        queuedScores.push(scores[r]!);
      }
    });
    if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
    const write = writeSpanPredictions(db, { projectId, versionId, itemIds, confidences: Array.from(confidences), spans });
    write.catch(() => undefined);
    writing.push(write);
    scored += rows.length;
    input.onProgress?.({ stage: 'scoring', done: scored, total: null });
  }
  await Promise.all(writing);
  const scoredAt = performance.now();

  const rng = createRng(input.seed);
  const isCold = isColdStart([input.trainingSpans], DEFAULT_COLD_START_LABELS_PER_CLASS);
  const useRandom = isCold || settings.samplingStrategy === 'random';
  const order = orderQueue({
    scores: useRandom ? scoreRandom(queuedIds.length, rng) : Float32Array.from(queuedScores),
    explorationShare: useRandom ? 0 : settings.explorationShare,
    rng,
  });
  const priorities = computeQueuePriorities(order, queuedIds.length);
  const inFlight: Promise<void>[] = [];
  for (let start = 0; start < queuedIds.length; start += WRITE_CHUNK) {
    signal?.throwIfAborted();
    const end = Math.min(queuedIds.length, start + WRITE_CHUNK);
    if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
    const write = writePriorities(db, { versionId, itemIds: queuedIds.slice(start, end), priorities: Array.from(priorities.subarray(start, end)) });
    write.catch(() => undefined);
    inFlight.push(write);
    input.onProgress?.({ stage: 'writing', done: end, total: queuedIds.length });
  }
  await Promise.all(inFlight);
  return {
    scored,
    queued: queuedIds.length,
    predictedSpans,
    isColdStart: isCold,
    seconds: { scoring: (scoredAt - started) / 1000, writing: (performance.now() - scoredAt) / 1000 },
  };
}

/**
 * One prediction per item and version: no label, the mean top-tag probability, and the spans with
 * their confidences. Written over the version's earlier prediction of the item (a rescoring, a
 * retried job) keeping its `shownAt`: the same version predicts the same spans, and what annotators
 * were shown is what its pre-annotation acceptance is measured on.
 */
async function writeSpanPredictions(
  db: Database,
  { projectId, versionId, itemIds, confidences, spans }: { projectId: number; versionId: number; itemIds: number[]; confidences: number[]; spans: TPredictedSpan[][] },
): Promise<void> {
  if (itemIds.length === 0) return;
  const values = spans.map((list) => ({ spans: list.map(({ start, end, labelId, confidence }) => ({ start, end, labelId, confidence: Math.round(confidence * 10_000) / 10_000 })) }));
  await db.execute(sql`
    insert into predictions (project_id, item_id, model_version_id, label_id, score, value)
    select ${projectId}, u.item_id, ${versionId}, null, u.score, ${JSON.stringify(values)}::jsonb -> (u.ord - 1)::int
    from unnest(${toPgArray(itemIds)}::bigint[], ${toPgArray(confidences)}::real[]) with ordinality as u(item_id, score, ord)
    on conflict (model_version_id, item_id) where model_version_id is not null do update
      set score = excluded.score,
        value = excluded.value || case when predictions.value ? 'shownAt' then jsonb_build_object('shownAt', predictions.value->'shownAt') else '{}'::jsonb end`);
}
