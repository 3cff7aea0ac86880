import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSpan } from '@/db/schema';
import { markGraphemeBoundaries } from '@/ml/spans/segment-graphemes';
import { validateSpan } from '@/ml/spans/validate-span';
import type { TActor } from '@/server/auth/actor';
import { createDecision } from '@/server/services/decisions/create-decisions';
import { enqueueTraining, listProjectJobs } from '@/server/services/jobs/jobs';
import { getProject, updateProject } from '@/server/services/projects/projects';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { submitAnnotation } from '@/server/services/queue/submit-annotation';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { createSpanProject, generateSpanItems, labelSpanItems, seedSpanItems, type TSpanFixtureItem } from '@/server/testing/span-fixtures';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import type { TCompute } from './compute';
import { getLearningOverview } from './learning-settings';
import { getModelVersion, listModelVersions, loadStoredModel } from './model-versions';
import { measurePreannotationAcceptance } from './preannotation-acceptance';
import { listSimulations, requestSimulation } from './strategy-simulation';

type TStoredPrediction = { item_id: number | string; text: string; score: number; label_id: number | null; value: { spans: (TSpan & { confidence: number })[]; shownAt?: string } };

describe('the learning loop on a span project', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;
  let annotator: TActor;
  let projectId: number;
  let labelIds: number[];
  let corpus: TSpanFixtureItem[];
  let itemIds: number[];
  const EVAL = 30;
  const LABELED = 50;

  const runJobs = () => runWorker({ db: harness.db, compute, exitWhenIdle: true, leaseMs: 60_000 });
  const readPredictions = async (versionId: number) =>
    (
      await harness.db.execute<TStoredPrediction>(sql`
        select p.item_id, i.text, p.score, p.label_id, p.value from predictions p join items i on i.id = p.item_id
        where p.model_version_id = ${versionId} order by p.item_id`)
    ).rows;

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    admin = await harness.createUser('Admin', 'admin');
    annotator = await harness.createUser('Annotator');
    ({ projectId, labelIds } = await createSpanProject(harness, admin, 'people-places'));
    await harness.addToProject(projectId, annotator, 'annotator');
    // The evaluation items name people and places the others never do: the dictionary baseline finds none of them.
    corpus = [
      ...generateSpanItems(EVAL, { personId: labelIds[0]!, placeId: labelIds[1]!, seed: 5, isUnseen: true }),
      ...generateSpanItems(120 - EVAL, { personId: labelIds[0]!, placeId: labelIds[1]!, seed: 3 }),
    ];
    itemIds = await seedSpanItems(harness.db, projectId, corpus);
    // Evaluation items (scored on their gold spans), then items people labeled; the rest stay open.
    await harness.db.execute(sql`update items set is_eval = true where id in (${sql.join(itemIds.slice(0, EVAL).map((id) => sql`${id}`), sql`, `)})`);
    await labelSpanItems(harness.db, itemIds.slice(EVAL, EVAL + LABELED).map((id, i) => ({ id, spans: corpus[EVAL + i]!.spans })));
  }, 60_000);
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  it('trains the BIO tagger only, and refuses strategies and diversity a span project cannot serve, saying why', async () => {
    // A span project's defaults: the tagger, its suggestions shown, token least confidence (measured best).
    expect((await getProject(harness.db, projectId)).settings).toMatchObject({ modelKind: 'bio-tagger', showModelSuggestion: true, samplingStrategy: 'least_confidence' });
    await expect(updateProject(harness.db, admin, projectId, { settings: { modelKind: 'softmax' } })).rejects.toThrow(
      'Model: the softmax regression model reads texts; span projects train BIO token tagger',
    );
    await expect(updateProject(harness.db, admin, projectId, { settings: { samplingStrategy: 'bald' } })).rejects.toThrow(
      'Sampling strategy: BALD does not apply to span projects: their BIO token tagger has no dropout and no committee',
    );
    await expect(updateProject(harness.db, admin, projectId, { settings: { samplingStrategy: 'committee' } })).rejects.toThrow('Query by committee does not apply to span projects');
    await expect(updateProject(harness.db, admin, projectId, { settings: { batchDiversity: 'kcenter' } })).rejects.toThrow('Batch diversity: span projects');
    const project = await updateProject(harness.db, admin, projectId, { settings: { explorationShare: 0 } });
    expect(project.settings).toMatchObject({ modelKind: 'bio-tagger', showModelSuggestion: true, samplingStrategy: 'least_confidence' });
  });

  it('trains a version on the final span sets, scores it and the dictionary baseline on the evaluation spans, and stores it', async () => {
    expect((await getLearningOverview(harness.db, projectId)).trainableLabels).toBe(LABELED);
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runJobs();
    const [job] = await listProjectJobs(harness.db, projectId);
    expect(job).toMatchObject({ status: 'succeeded', result: { labelCount: LABELED, rescored: { scored: 120, queued: 120 - EVAL - LABELED } } });

    const [version] = await listModelVersions(harness.db, projectId);
    expect(version).toMatchObject({ version: 1, status: 'ready', kind: 'bio-tagger', strategy: 'least_confidence', labelCount: LABELED, isCurrent: true, evalSize: EVAL, accuracy: null });
    // Unseen names in familiar contexts: the tagger finds most from the words around them, the dictionary none.
    expect(version!.spans!.exactF1).toBeGreaterThan(0.8);
    expect(version!.spans!.partialF1).toBeGreaterThanOrEqual(version!.spans!.exactF1!);
    expect(version!.spans!.tokenF1).toBeGreaterThan(0.8);
    expect(version!.spans!.baselineExactF1).toBe(0);
    expect(version!.beatsBaseline).toBe(true);
    const detail = await getModelVersion(harness.db, projectId, version!.id);
    expect(detail.metrics!.evalSources).toEqual({ human: 0, gold: EVAL });
    const spans = detail.metrics!.spans!;
    expect(spans.perLabel.map((entry) => entry.label)).toEqual(['PER', 'LOC']);
    // Every evaluation item has two people and one place.
    expect(spans.perLabel.map((entry) => entry.gold)).toEqual([2 * EVAL, EVAL]);
    expect(spans.exact.gold).toBe(3 * EVAL);
    // Exact F1 is 2·correct / (predicted + gold), recomputed from the stored counts.
    expect(spans.exact.f1).toBeCloseTo((2 * spans.exact.correct) / (spans.exact.predicted + spans.exact.gold), 12);
    expect(detail.trainConfig).toMatchObject({ kind: 'bio-tagger', featurizer: 'span-token-features', spansPerLabel: [2 * LABELED, LABELED] });
  }, 120_000);

  it('stores each item’s predicted spans, on grapheme boundaries even beside emoji and combining marks, and orders the queue by token uncertainty', async () => {
    const [version] = await listModelVersions(harness.db, projectId);
    const predictions = await readPredictions(version!.id);
    expect(predictions).toHaveLength(120);
    let checked = 0;
    for (const prediction of predictions) {
      expect(prediction.label_id).toBeNull();
      const boundaries = markGraphemeBoundaries(prediction.text);
      for (const span of prediction.value.spans) {
        expect(validateSpan(prediction.text, span, new Set(labelIds), boundaries)).toEqual({ isValid: true });
        expect(span.confidence).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
    // A name with a combining mark comes back whole, and its offsets count UTF-16 units through the emoji before it.
    const zoe = predictions.find((p) => p.text.startsWith('👩‍👩‍👧 Zoe\u0308 '));
    expect(zoe).toBeDefined();
    expect(zoe!.value.spans[0]).toMatchObject({ start: 9, end: 13, labelId: labelIds[0] });
    expect(zoe!.text.slice(9, 13)).toBe('Zoe\u0308');

    // Open items, least confident first: with no random share the priority order is the order of
    // mean token least confidence, i.e. of the stored mean top-tag probability (ascending).
    const queue = await harness.db.execute<{ score: number; priority_version_id: number }>(sql`
      select p.score, i.priority_version_id from items i join predictions p on p.item_id = i.id and p.model_version_id = ${version!.id}
      where i.project_id = ${projectId} and i.status = 'open' and not i.is_eval order by i.priority desc`);
    expect(queue.rows).toHaveLength(120 - EVAL - LABELED);
    expect(queue.rows.every((row) => row.priority_version_id === version!.id)).toBe(true);
    const scores = queue.rows.map((row) => Number(row.score));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThanOrEqual(scores[i - 1]! - 1e-6);
    expect(scores[0]).toBeLessThan(scores.at(-1)!);
  }, 60_000);

  it('pre-annotates the next item, and measures what the annotator kept of it', async () => {
    const task = await leaseNextItem(harness.db, annotator, { projectId, random: () => 0.99 });
    expect(task).not.toBeNull();
    expect(task!.suggestion).toBeNull();
    const suggested = task!.suggestedSpans!;
    expect(suggested.length).toBeGreaterThan(0);
    for (const span of suggested) expect(span.score).toBeGreaterThanOrEqual(0.5);
    const [version] = await listModelVersions(harness.db, projectId);
    const shown = await harness.db.execute<{ shown: boolean }>(sql`
      select value ? 'shownAt' as shown from predictions where model_version_id = ${version!.id} and item_id = ${task!.itemId}`);
    expect(shown.rows[0]!.shown).toBe(true);

    // Keep every suggestion but the last, and add nothing: kept = suggested − 1.
    const answer = suggested.slice(0, -1).map(({ start, end, labelId }) => ({ start, end, labelId }));
    await submitAnnotation(harness.db, annotator, { projectId, itemId: task!.itemId, value: { spans: answer }, clientId: randomUUID(), leadTimeMs: 0 });
    const acceptance = await measurePreannotationAcceptance(harness.db, version!.id);
    expect(acceptance).toMatchObject({ suggested: suggested.length, kept: suggested.length - 1, answers: 1, minConfidence: 0.5 });
    expect(acceptance.rate).toBeCloseTo((suggested.length - 1) / suggested.length, 12);

    // Evaluation items are never pre-annotated: their answers grade the model.
    const evalTask = await leaseNextItem(harness.db, annotator, { projectId, random: () => 0.06 });
    expect(evalTask).not.toBeNull();
    const isEval = await harness.db.execute<{ is_eval: boolean }>(sql`select is_eval from items where id = ${evalTask!.itemId}`);
    expect(isEval.rows[0]!.is_eval).toBe(true);
    expect(evalTask!.suggestedSpans).toEqual([]);
  });

  it('loads the stored version after a restart and scores the pool with it again, to the same spans', async () => {
    const [version] = await listModelVersions(harness.db, projectId);
    const before = await readPredictions(version!.id);
    // A new process: no scoring session, no warm start, only what the database holds.
    await compute.close();
    compute = createInlineCompute();
    const stored = await loadStoredModel(harness.db, projectId, version!.id);
    expect(stored).toMatchObject({ kind: 'bio-tagger', featurizerConfig: { kind: 'span-tagger', labelIds } });
    await enqueueTraining(harness.db, { projectId, mode: 'rescore', reason: 'manual' });
    await runJobs();
    const [job] = await listProjectJobs(harness.db, projectId);
    expect(job).toMatchObject({ status: 'succeeded', result: { versionId: version!.id, rescored: { scored: 120 } } });
    const after = await readPredictions(version!.id);
    expect(after.map((p) => p.value.spans)).toEqual(before.map((p) => p.value.spans));
  }, 60_000);

  it('stores the acceptance on the version that made the suggestions when the next one trains, and shows it with the version', async () => {
    const [first] = await listModelVersions(harness.db, projectId);
    await labelSpanItems(harness.db, itemIds.slice(EVAL + LABELED, EVAL + LABELED + 10).map((id, i) => ({ id, spans: corpus[EVAL + LABELED + i]!.spans })));
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runJobs();
    const versions = await listModelVersions(harness.db, projectId);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const previous = versions.find((v) => v.id === first!.id)!;
    expect(previous.spans!.acceptance).toMatchObject({ answers: 1 });
    expect(previous.spans!.acceptance!.rate).toBeGreaterThan(0);
    expect(versions[0]!.isCurrent).toBe(true);
  }, 120_000);

  it('simulates strategies on the gold spans, in span F1, and refuses the strategies spans cannot serve', async () => {
    await expect(requestSimulation(harness.db, admin, projectId, { strategies: ['bald'] })).rejects.toThrow('BALD does not apply to span projects');
    await expect(requestSimulation(harness.db, admin, projectId, { strategies: ['margin'], kind: 'softmax' })).rejects.toThrow('reads texts');
    await requestSimulation(harness.db, admin, projectId, { strategies: ['random', 'least_confidence'], budget: 40, batchSize: 20, seeds: 1 });
    await runJobs();
    const [simulation] = await listSimulations(harness.db, projectId);
    expect(simulation).toMatchObject({ status: 'succeeded', settings: { kind: 'bio-tagger' } });
    const result = simulation!.result!;
    expect(result.metric).toBe('span_f1');
    expect(result.dataset).toMatchObject({ items: 120, classes: ['PER', 'LOC'], evalSize: 24, poolSize: 96 });
    expect(result.strategies.least_confidence!.curve.map((p) => p.labels)).toEqual([20, 40]);
    expect(result.strategies.random!.curve[0]!.accuracy).toBeGreaterThan(0.5);
    expect(result.recommendation!.reason).toContain('span F1');
  }, 180_000);

  it('sends a case of a span project to people, saying its model answers with spans, rather than failing', async () => {
    const { decision } = await createDecision(harness.db, admin, projectId, { text: 'Ada met Jun in Oslo 🎉' });
    expect(decision).toMatchObject({ status: 'pending', route: 'human', routeReason: 'no_model_for_task', prediction: null });
  });
});
