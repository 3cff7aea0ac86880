import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreMeanBinaryEntropy } from '@/ml/multilabel/score-mean-binary-entropy';
import type { TActor } from '@/server/auth/actor';
import { enqueueTraining, listProjectJobs } from '@/server/services/jobs/jobs';
import { getProject, updateProject } from '@/server/services/projects/projects';
import { leaseNextItem } from '@/server/services/queue/lease-next-item';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItemSets, seedLabelSetItems, type TSeededSetItem } from '@/server/testing/multilabel-learning-fixtures';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import type { TCompute } from './compute';
import type { TMultilabelVersionMetrics } from './version-metrics';
import { updateLearningSettings } from './learning-settings';
import { getModelVersion, listModelVersions, loadStoredModel } from './model-versions';
import { listSimulations, requestSimulation } from './strategy-simulation';

type TPredictionRow = { item_id: number | string; label_id: number | null; score: number; value: { labelIds: number[]; probabilities: Record<string, number> } };

describe('the learning loop of a multi-label project', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;
  let projectId: number;
  let labelIds: number[];
  let seeded: TSeededSetItem[];
  let evalItems: TSeededSetItem[];
  let trainItems: TSeededSetItem[];

  const runJobs = (using: TCompute = compute) => runWorker({ db: harness.db, compute: using, exitWhenIdle: true, leaseMs: 30_000 });
  const readPredictions = async (versionId: number) =>
    (
      await harness.db.execute<TPredictionRow>(sql`
        select item_id, label_id, score, value from predictions where model_version_id = ${versionId} order by item_id`)
    ).rows;

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'topics', ['sports', 'politics', 'tech'], { taskType: 'multi_label' })).id;
    await updateProject(harness.db, admin, projectId, { settings: { retrainEvery: 20, batchDiversity: 'none', explorationShare: 0 } });
    ({ items: seeded, labelIds } = await seedLabelSetItems(harness.db, projectId, { count: 300, rates: [0.4, 0.3, 0.2], seed: 5 }));
    evalItems = seeded.slice(0, 40);
    trainItems = seeded.slice(40, 160);
    await harness.db.execute(sql`update items set is_eval = true where id in (${sql.join(evalItems.map((i) => sql`${i.id}`), sql`, `)})`);
  }, 60_000);
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  it('defaults to the sigmoid model and a multi-label strategy, and refuses single-label ones with the reason', async () => {
    const { settings } = await getProject(harness.db, projectId);
    expect(settings).toMatchObject({ modelKind: 'sigmoid', samplingStrategy: 'mean_binary_entropy' });
    await expect(updateLearningSettings(harness.db, admin, projectId, { samplingStrategy: 'margin' })).rejects.toThrow(
      'Sampling strategy: Margin ranks one label per item; the one-vs-rest sigmoid model of a multi-label project samples by random, mean binary entropy, closest to a threshold',
    );
    await expect(updateLearningSettings(harness.db, admin, projectId, { modelKind: 'softmax' })).rejects.toThrow(
      'Model: the softmax regression model predicts one label per item; multi-label projects train one-vs-rest sigmoid',
    );
    // A multi-label project stored before it trained kept the text defaults: read as the multi-label ones, its settings still change.
    await harness.db.execute(sql`update projects set settings = settings || '{"modelKind": "softmax", "samplingStrategy": "margin"}'::jsonb where id = ${projectId}`);
    expect((await getProject(harness.db, projectId)).settings).toMatchObject({ modelKind: 'sigmoid', samplingStrategy: 'mean_binary_entropy' });
    expect(await updateLearningSettings(harness.db, admin, projectId, { samplingStrategy: 'threshold_proximity' })).toMatchObject({ samplingStrategy: 'threshold_proximity' });
    expect(await updateLearningSettings(harness.db, admin, projectId, { samplingStrategy: 'mean_binary_entropy' })).toMatchObject({ modelKind: 'sigmoid' });
  });

  it('trains a version from the final label sets, evaluates it on the evaluation sets and stores it', async () => {
    await labelItemSets(harness.db, trainItems);
    await labelItemSets(harness.db, evalItems.slice(0, 30));
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runJobs();
    const [job] = await listProjectJobs(harness.db, projectId, { kinds: ['train'] });
    expect(job).toMatchObject({ status: 'succeeded' });

    const [version] = await listModelVersions(harness.db, projectId);
    expect(version).toMatchObject({ version: 1, status: 'ready', kind: 'sigmoid', strategy: 'mean_binary_entropy', task: 'multi_label', labelCount: 120, isCurrent: true, accuracy: null });
    expect(version!.evalSize).toBe(30);
    expect(version!.microF1!.value).toBeGreaterThan(0.8);
    expect(version!.microF1!.ci95[0]).toBeLessThanOrEqual(version!.microF1!.value);
    expect(version!.macroF1!.value).toBeGreaterThan(0.7);
    expect(version!.beatsBaseline).toBe(true);
    expect(version!.baselineMicroF1).toBeLessThan(version!.microF1!.value);

    const detail = await getModelVersion(harness.db, projectId, version!.id);
    const metrics = detail.metrics as TMultilabelVersionMetrics;
    expect(metrics.perClass.map((entry) => entry.label)).toEqual(['sports', 'politics', 'tech']);
    expect(metrics.thresholds.map((entry) => entry.labelId)).toEqual(labelIds);
    expect(metrics.setBaseline).not.toBeNull();
    // Support per label is the evaluation sets' count of it.
    const labeledEval = evalItems.slice(0, 30);
    expect(metrics.perClass.map((entry) => entry.support)).toEqual(labelIds.map((id) => labeledEval.filter((item) => item.labelIds.includes(id)).length));

    // The stored predictions of the evaluation items, recounted here, give the stored micro-F1.
    const predictions = new Map((await readPredictions(version!.id)).map((row) => [Number(row.item_id), row]));
    let truePositives = 0;
    let trueCount = 0;
    let predictedCount = 0;
    for (const item of labeledEval) {
      const predicted = predictions.get(item.id)!.value.labelIds;
      truePositives += predicted.filter((id) => item.labelIds.includes(id)).length;
      trueCount += item.labelIds.length;
      predictedCount += predicted.length;
    }
    expect(metrics.microF1!.value).toBeCloseTo((2 * truePositives) / (trueCount + predictedCount), 10);
  }, 180_000);

  it('stores every item’s predicted set with per-label probabilities and orders the queue by mean binary entropy', async () => {
    const [version] = await listModelVersions(harness.db, projectId);
    const stored = await loadStoredModel(harness.db, projectId, version!.id);
    const thresholds = stored.multilabel!.thresholds;
    const rows = await readPredictions(version!.id);
    expect(rows).toHaveLength(300);
    for (const row of rows) {
      expect(row.label_id).toBeNull();
      expect(Object.keys(row.value.probabilities).map(Number)).toEqual(labelIds);
      // The set is the labels at or above their threshold; the score is the probability of exactly that set.
      labelIds.forEach((id, l) => {
        const p = row.value.probabilities[String(id)]!;
        if (row.value.labelIds.includes(id)) expect(p).toBeGreaterThanOrEqual(thresholds[l]! - 1e-4);
        else expect(p).toBeLessThan(thresholds[l]! + 1e-4);
      });
      const exact = labelIds.reduce((p, id) => p * (row.value.labelIds.includes(id) ? row.value.probabilities[String(id)]! : 1 - row.value.probabilities[String(id)]!), 1);
      expect(row.score).toBeCloseTo(exact, 2);
    }

    // Open, non-evaluation items: highest mean binary entropy first.
    const queue = await harness.db.execute<{ priority: number; value: TPredictionRow['value']; priority_version_id: number }>(sql`
      select i.priority, p.value, i.priority_version_id from items i join predictions p on p.item_id = i.id and p.model_version_id = ${version!.id}
      where i.project_id = ${projectId} and i.status = 'open' and not i.is_eval order by i.priority desc`);
    expect(queue.rows).toHaveLength(300 - 40 - 120);
    expect(queue.rows.every((row) => row.priority_version_id === version!.id)).toBe(true);
    const entropies = scoreMeanBinaryEntropy(Float32Array.from(queue.rows.flatMap((row) => labelIds.map((id) => row.value.probabilities[String(id)]!))), labelIds.length);
    for (let i = 1; i < entropies.length; i++) expect(entropies[i]!).toBeLessThanOrEqual(entropies[i - 1]! + 1e-3);
  });

  it('shows an annotator the predicted set with its probabilities, when the project shows suggestions', async () => {
    await updateProject(harness.db, admin, projectId, { settings: { showModelSuggestion: true } });
    const annotator = await harness.createUser('Ann');
    await harness.addToProject(projectId, annotator, 'annotator');
    const task = (await leaseNextItem(harness.db, annotator, { projectId }))!;
    const [version] = await listModelVersions(harness.db, projectId);
    const [stored] = (await readPredictions(version!.id)).filter((row) => Number(row.item_id) === task.itemId);
    expect(task.suggestion).toEqual({ labelIds: stored!.value.labelIds, probabilities: stored!.value.probabilities, score: stored!.score });
    await updateProject(harness.db, admin, projectId, { settings: { showModelSuggestion: false } });
  });

  it('reorders the queue when the strategy changes to the label closest to its threshold', async () => {
    const before = await harness.db.execute<{ id: number }>(sql`
      select id from items where project_id = ${projectId} and status = 'open' and not is_eval order by priority desc, id`);
    await updateLearningSettings(harness.db, admin, projectId, { samplingStrategy: 'threshold_proximity' });
    await runJobs();
    const after = await harness.db.execute<{ id: number }>(sql`
      select id from items where project_id = ${projectId} and status = 'open' and not is_eval order by priority desc, id`);
    expect(after.rows.map((row) => row.id)).not.toEqual(before.rows.map((row) => row.id));
    expect(new Set(after.rows.map((row) => row.id))).toEqual(new Set(before.rows.map((row) => row.id)));
    await updateLearningSettings(harness.db, admin, projectId, { samplingStrategy: 'mean_binary_entropy' });
    await runJobs();
  }, 120_000);

  it('starts the next version from the last one’s weights', async () => {
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runJobs();
    const [v2, v1] = await listModelVersions(harness.db, projectId);
    expect(v2).toMatchObject({ version: 2, status: 'ready', isCurrent: true });
    expect((await getModelVersion(harness.db, projectId, v2!.id)).trainConfig).toMatchObject({ isWarmStarted: true, task: 'multi_label' });
    expect((await getModelVersion(harness.db, projectId, v1!.id)).trainConfig).toMatchObject({ isWarmStarted: false });
    // The same labels, a start next to the optimum: the same model, near enough.
    expect(v2!.microF1!.value).toBeCloseTo(v1!.microF1!.value, 1);
  }, 120_000);

  it('loads the stored version after a restart: a fresh compute side rescores to the same predictions', async () => {
    const [version] = await listModelVersions(harness.db, projectId);
    const before = await readPredictions(version!.id);
    const restarted = createInlineCompute();
    try {
      await enqueueTraining(harness.db, { projectId, mode: 'rescore', reason: 'restart' });
      await runJobs(restarted);
    } finally {
      await restarted.close();
    }
    const [job] = await listProjectJobs(harness.db, projectId, { kinds: ['train'] });
    expect(job).toMatchObject({ status: 'succeeded', result: { versionId: version!.id, rescored: { scored: 300 } } });
    const after = await readPredictions(version!.id);
    expect(after.map((row) => row.value)).toEqual(before.map((row) => row.value));
  }, 120_000);

  it('skips training when no label varies, with the reason', async () => {
    const owner = await harness.createUser('Owner', 'manager');
    const flat = (await harness.createProjectAs(owner, 'flat-sets', ['a', 'b'], { taskType: 'multi_label' })).id;
    const { items } = await seedLabelSetItems(harness.db, flat, { count: 10, rates: [0, 0], seed: 2 });
    await labelItemSets(harness.db, items);
    await enqueueTraining(harness.db, { projectId: flat, mode: 'train', reason: 'manual' });
    await runJobs();
    const [job] = await listProjectJobs(harness.db, flat, { kinds: ['train'] });
    expect(job).toMatchObject({ status: 'succeeded', result: { skipped: true, reason: expect.stringMatching(/a label chosen on some of them but not all/) } });
  });

  it('simulates the multi-label strategies on the gold sets, with micro-F1 curves', async () => {
    const owner = await harness.createUser('Simulator', 'manager');
    const sim = (await harness.createProjectAs(owner, 'sim-sets', ['a', 'b', 'c'], { taskType: 'multi_label' })).id;
    await expect(requestSimulation(harness.db, owner, sim, { strategies: ['random'] })).rejects.toThrow(/at least 50 items with a gold label set/);
    await seedLabelSetItems(harness.db, sim, { count: 150, rates: [0.5, 0.3, 0.2], seed: 9, withGold: true });
    await expect(requestSimulation(harness.db, owner, sim, { strategies: ['random', 'margin'], kind: 'sigmoid', budget: 60, batchSize: 20, seeds: 1 })).rejects.toThrow(/Margin ranks one label per item/);
    const job = await requestSimulation(harness.db, owner, sim, { strategies: ['random', 'mean_binary_entropy'], kind: 'sigmoid', budget: 60, batchSize: 20, seeds: 1 });
    await runJobs();
    const [simulation] = await listSimulations(harness.db, sim);
    expect(simulation).toMatchObject({ jobId: job.id, status: 'succeeded' });
    const result = simulation!.result!;
    expect(result.metric).toBe('micro_f1');
    expect(result.dataset).toMatchObject({ items: 150, classes: ['a', 'b', 'c'], evalSize: 30, poolSize: 120 });
    expect(result.settings).toMatchObject({ kind: 'sigmoid', strategies: ['random', 'mean_binary_entropy'] });
    for (const name of ['random', 'mean_binary_entropy']) {
      const outcome = result.strategies[name]!;
      expect(outcome.curve.map((point) => point.labels)).toEqual([20, 40, 60]);
      expect(outcome.full_accuracy).toBeGreaterThan(0.7);
      const reached = outcome.curve.find((point) => point.accuracy >= 0.95 * outcome.full_accuracy)?.labels ?? null;
      expect(outcome.labels_to_95).toBe(reached);
    }
    expect(result.recommendation?.reason).toMatch(/micro-F1/);
  }, 240_000);
});

