import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { seedImageItems } from '@/server/testing/image-fixtures';
import { labelItems, type TSeededItem } from '@/server/testing/learning-fixtures';
import { enqueueTraining, listProjectJobs } from '@/server/services/jobs/jobs';
import { createFolderMediaStore } from '@/server/services/media/media-store';
import { getProject, updateProject } from '@/server/services/projects/projects';
import { createInlineCompute } from '@/server/worker/compute/compute-service';
import { runWorker } from '@/server/worker/worker-loop';
import { loadCasePredictor } from '@/server/services/decisions/case-predictor';
import type { TCompute } from './compute';
import { getQualityReport } from '@/server/services/quality/report';
import { listModelVersions, loadStoredModel } from './model-versions';
import { listSimulations, requestSimulation } from './strategy-simulation';

// The jobs read images from the configured media folder: this file's own, set before anything reads the environment.
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-image-learning-'));
process.env.QUORUM_MEDIA_DIR = mediaDir;

describe('the learning loop on an image project', () => {
  let harness: TTestHarness;
  let compute: TCompute;
  let admin: TActor;
  let projectId: number;
  let seeded: TSeededItem[];
  let labelIds: number[];

  const runJobs = () => runWorker({ db: harness.db, compute, exitWhenIdle: true, leaseMs: 30_000 });

  beforeAll(async () => {
    harness = await createTestHarness();
    compute = createInlineCompute();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'strokes', ['horizontal', 'vertical', 'diagonal'])).id;
    ({ items: seeded, labelIds } = await seedImageItems(harness.db, projectId, createFolderMediaStore(mediaDir), { perClass: 30, seed: 4 }));
    await harness.db.execute(sql`update items set is_eval = true where id in (${sql.join(seeded.slice(0, 21).map((i) => sql`${i.id}`), sql`, `)})`);
  }, 60_000);
  afterAll(async () => {
    await compute.close();
    await harness.close();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it('takes only image models, and a text project only text models', async () => {
    // Created as a text project (its settings name the text softmax), switched by the fixture: a text model is refused.
    await expect(updateProject(harness.db, admin, projectId, { settings: { retrainEvery: 20 } })).rejects.toThrow('the softmax regression model reads texts');
    await updateProject(harness.db, admin, projectId, { settings: { modelKind: 'pixel-softmax', explorationShare: 0, batchDiversity: 'none' } });
    expect((await getProject(harness.db, projectId)).settings.modelKind).toBe('pixel-softmax');
    const textProject = await harness.createProjectAs(admin, 'texts');
    await expect(updateProject(harness.db, admin, textProject.id, { settings: { modelKind: 'cnn' } })).rejects.toThrow('the CNN model reads images; text projects train');
  });

  it('trains on decoded images, evaluates on the evaluation images, scores every item and orders the queue', async () => {
    await labelItems(harness.db, seeded.slice(0, 15).map((item) => ({ id: item.id, labelId: labelIds[item.label]! })));
    await labelItems(harness.db, seeded.slice(21, 66).map((item) => ({ id: item.id, labelId: labelIds[item.label]! })));
    await enqueueTraining(harness.db, { projectId, mode: 'train', reason: 'manual' });
    await runJobs();
    const [job] = await listProjectJobs(harness.db, projectId);
    expect(job).toMatchObject({ status: 'succeeded' });

    const [version] = await listModelVersions(harness.db, projectId);
    expect(version).toMatchObject({ version: 1, status: 'ready', kind: 'pixel-softmax', labelCount: 45, isCurrent: true });
    expect(version!.evalSize).toBe(15);
    expect(version!.accuracy!.value).toBeGreaterThan(0.8);
    // The stored preprocessing is what scoring the pool again will reproduce.
    const stored = await loadStoredModel(harness.db, projectId, version!.id);
    expect(stored.featurizerConfig).toEqual({ kind: 'image-pixels', height: 28, width: 28, channels: 1, resize: 'fill', normalization: 'unit' });

    const predicted = await harness.db.execute<{ item_id: number | string; label_id: number }>(sql`select item_id, label_id from predictions where model_version_id = ${version!.id}`);
    expect(predicted.rows).toHaveLength(90);
    const truth = new Map(seeded.map((item) => [item.id, labelIds[item.label]!]));
    expect(predicted.rows.filter((row) => truth.get(Number(row.item_id)) === row.label_id).length).toBeGreaterThan(80);
    // The open, non-evaluation items are ordered by margin (priority set by this version).
    const owners = await harness.db.execute<{ v: number; n: number }>(sql`
      select priority_version_id as v, count(*)::int as n from items where project_id = ${projectId} and status = 'open' and not is_eval group by 1`);
    expect(owners.rows).toEqual([{ v: version!.id, n: 90 - 21 - 45 }]);
  }, 120_000);

  it('rescores with the stored version, refuses to decide cases with it, and simulates strategies on the gold images', async () => {
    await enqueueTraining(harness.db, { projectId, mode: 'rescore', reason: 'manual' });
    await runJobs();
    const [job] = await listProjectJobs(harness.db, projectId);
    expect(job).toMatchObject({ status: 'succeeded', result: { rescored: { scored: 90 } } });

    // Decisions take text: an image version answers no case (the decision falls to people).
    expect(await loadCasePredictor(harness.db, projectId)).toBeNull();

    for (const item of seeded) await harness.db.execute(sql`update items set gold_label_id = ${labelIds[item.label]!} where id = ${item.id}`);
    await expect(requestSimulation(harness.db, admin, projectId, { strategies: ['margin'], kind: 'softmax' })).rejects.toThrow('reads texts');
    await requestSimulation(harness.db, admin, projectId, { strategies: ['random', 'margin'], kind: 'pixel-softmax', budget: 40, batchSize: 20, seeds: 1 });
    await runJobs();
    const [simulation] = await listSimulations(harness.db, projectId);
    expect(simulation).toMatchObject({ status: 'succeeded', settings: { kind: 'pixel-softmax' } });
    expect(simulation!.result!.settings.features).toBe('pixels 28×28×1');
    expect(simulation!.result!.strategies.margin!.curve.map((p) => p.labels)).toEqual([20, 40]);

    // The quality report's model section reads image versions like text ones.
    const report = await getQualityReport(harness.db, projectId);
    expect(report.models.map((point) => point.version)).toEqual([1]);
    expect(report.models[0]!.accuracy.value).toBeGreaterThan(0.8);
  }, 120_000);
});
