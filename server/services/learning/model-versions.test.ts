import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelVersions } from '@/db/schema';
import { restoreFeaturizer, type FeaturizerConfig } from '@/ml/features/featurizer';
import { deserializeModel, predictProba, readModelDirectory } from '@/ml/predict';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { labelItems, seedLearningItems, type TSeededItem } from '@/server/testing/learning-fixtures';
import type { TCompute } from './compute';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import { enqueueTraining, listProjectJobs } from '@/server/services/jobs/jobs';
import { updateLearningSettings } from './learning-settings';
import { buildModelFiles, compareModelVersions, getModelVersion, listModelVersions, pinModelVersion, unpinModelVersion } from './model-versions';

describe('model versions', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;
  let projectId: number;
  let seeded: TSeededItem[];

  const train = async () => {
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'test' });
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
  };

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'versions', ['x', 'y', 'z'])).id;
    const seededData = await seedLearningItems(harness.db, projectId, { count: 150, seed: 4 });
    seeded = seededData.items;
    await harness.db.execute(sql`update items set is_eval = true where id in (${sql.join(seeded.slice(0, 30).map((i) => sql`${i.id}`), sql`, `)})`);
    await labelItems(harness.db, seeded.slice(0, 90).map((item) => ({ id: item.id, labelId: seededData.labelIds[item.label]! })));
    await train();
    await train();
  }, 120_000);
  afterAll(async () => {
    await compute.close();
    await harness.close();
  });

  it('downloads a version as a tfjs model directory that predicts what Quorum stored', async () => {
    const [, v1] = await listModelVersions(harness.db, projectId);
    await pinModelVersion(harness.db, admin, projectId, v1!.id);
    await runWorker({ db: harness.db, compute, exitWhenIdle: true }); // the rescoring after the pin
    const files = await buildModelFiles(harness.db, projectId, v1!.version);
    expect([...files.keys()]).toEqual(['model.json', 'weights.bin']);
    const { artifact, metadata } = readModelDirectory(files);
    const quorum = metadata!.quorum as { classes: string[]; version: number };
    expect(quorum).toMatchObject({ classes: ['x', 'y', 'z'], version: 1 });
    const model = await deserializeModel(artifact);
    const featurizer = restoreFeaturizer(metadata!.featurizer as unknown as FeaturizerConfig);
    const sample = seeded.slice(100, 110);
    const probs = predictProba(model, featurizer.transform(sample.map((item) => item.text)), sample.length, featurizer.dim);
    model.dispose();
    const stored = await harness.db.execute<{ item_id: number; score: number; label_id: number; name: string }>(sql`
      select p.item_id, p.score, p.label_id, l.name from predictions p join project_labels l on l.id = p.label_id
      where p.model_version_id = ${v1!.id} and p.item_id in (${sql.join(sample.map((i) => sql`${i.id}`), sql`, `)}) order by p.item_id`);
    stored.rows.forEach((row, i) => {
      const top = [0, 1, 2].reduce((best, c) => (probs[i * 3 + c]! > probs[i * 3 + best]! ? c : best), 0);
      expect(row.name).toBe(quorum.classes[top]);
      expect(row.score).toBeCloseTo(probs[i * 3 + top]!, 5);
    });
    await expect(buildModelFiles(harness.db, projectId, 99)).rejects.toThrow(/does not exist/);
  });

  it('compares two versions on the same evaluation items', async () => {
    const [v2, v1] = await listModelVersions(harness.db, projectId);
    const comparison = await compareModelVersions(harness.db, projectId, v1!.id, v2!.id);
    expect(comparison.isSameEvalSet).toBe(true);
    expect(comparison.delta.accuracy).toBeCloseTo(v2!.accuracy!.value - v1!.accuracy!.value, 10);
    expect(comparison.perClass.map((c) => c.label)).toEqual(['x', 'y', 'z']);
    const detail = await getModelVersion(harness.db, projectId, v2!.id);
    expect(detail.metrics!.confusion).toHaveLength(3);
    expect(detail.metrics!.perClass[0]!.ci95.f1).toHaveLength(2);
    expect(detail.featurizer).not.toHaveProperty('idf');
    expect(detail.labelCount).toBe(60);
  });

  it('refuses to pin a version that is not ready, and unpinning makes the newest current again', async () => {
    const [v2] = await listModelVersions(harness.db, projectId);
    await harness.db.update(modelVersions).set({ status: 'failed' }).where(eq(modelVersions.id, v2!.id));
    await expect(pinModelVersion(harness.db, admin, projectId, v2!.id)).rejects.toThrow(/only a ready version/);
    await harness.db.update(modelVersions).set({ status: 'ready' }).where(eq(modelVersions.id, v2!.id));
    await unpinModelVersion(harness.db, admin, projectId);
    expect((await listModelVersions(harness.db, projectId)).find((v) => v.isCurrent)!.version).toBe(2);
    const [job] = await listProjectJobs(harness.db, projectId);
    expect(job).toMatchObject({ status: 'queued', payload: { mode: 'rescore', reason: 'unpin' } });
  });

  it('keeps a version below the majority baseline from ordering the queue unless pinned, and says so', async () => {
    const [v2, v1] = await listModelVersions(harness.db, projectId);
    expect(v2).toMatchObject({ isCurrent: true, beatsBaseline: true });
    expect(v2!.baselineAccuracy).toBeGreaterThan(0);
    expect(v2!.accuracy!.value).toBeGreaterThan(v2!.baselineAccuracy!);
    // As a version trained on a handful of labels would be: no better than always answering the commonest label.
    await harness.db.execute(sql`update model_versions set metrics = jsonb_set(metrics, '{beatsBaseline}', 'false') where id = ${v2!.id}`);
    const guarded = await listModelVersions(harness.db, projectId);
    expect(guarded.find((v) => v.id === v2!.id)).toMatchObject({ isCurrent: false, beatsBaseline: false });
    expect(guarded.find((v) => v.isCurrent)!.id).toBe(v1!.id);
    await pinModelVersion(harness.db, admin, projectId, v2!.id);
    expect((await listModelVersions(harness.db, projectId)).find((v) => v.isCurrent)!.id).toBe(v2!.id);
    await unpinModelVersion(harness.db, admin, projectId);
    await harness.db.execute(sql`update model_versions set metrics = jsonb_set(metrics, '{beatsBaseline}', 'true') where id = ${v2!.id}`);
  });

  it('records the calibration of each version: temperature, and ECE before and after scaling', async () => {
    const [v2] = await listModelVersions(harness.db, projectId);
    expect(v2!.calibration).not.toBeNull();
    expect(v2!.calibration!.temperature).toBeGreaterThan(0);
    expect(v2!.calibration!.eceAfter).toBeGreaterThanOrEqual(0);
    expect(v2!.ece!.value).toBeCloseTo(v2!.calibration!.eceAfter, 10);
  });

  it('rescores after a strategy change and retrains after a model change', async () => {
    await runWorker({ db: harness.db, compute, exitWhenIdle: true });
    await updateLearningSettings(harness.db, admin, projectId, { samplingStrategy: 'entropy' });
    expect((await listProjectJobs(harness.db, projectId))[0]).toMatchObject({ status: 'queued', payload: { mode: 'rescore', reason: 'strategy' } });
    await updateLearningSettings(harness.db, admin, projectId, { modelKind: 'mlp' });
    expect((await listProjectJobs(harness.db, projectId))[0]).toMatchObject({ status: 'queued', payload: { mode: 'train', reason: 'settings' } });
    const settings = await updateLearningSettings(harness.db, admin, projectId, { retrainEvery: 10 });
    expect(settings).toMatchObject({ samplingStrategy: 'entropy', modelKind: 'mlp', retrainEvery: 10 });
  });
});
