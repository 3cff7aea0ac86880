import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { createTestDatabase } from '@/db/testing';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { getProject, createProject } from '@/server/services/projects/projects';
import { rescorePool, type TRescoreResult } from '@/server/services/learning/rescore-pool';
import { toPgArray } from '@/server/services/learning/rescore-pool';
import type { TCompute } from '@/server/services/learning/compute';
import { DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from '@/ml/features/featurizer';
import type { TLabeledText } from './demo-corpus';

const INSERT_CHUNK = 5_000;

export type TRescoreMeasurement = { items: number; seconds: number; result: TRescoreResult; database: string };

/**
 * End-to-end rescoring of a pool: a project with `pool.length` open items in a fresh database
 * (in-memory PGlite, or PostgreSQL with TEST_DATABASE_URL), a model trained on `labeled` of
 * them, then one timed `rescorePool`: read every item, featurize and predict in the compute
 * thread, write one prediction per item and the new queue priorities.
 */
export async function measureRescoring(compute: TCompute, pool: readonly TLabeledText[], labeled: number, featurizer: FeaturizerOptions = DEFAULT_FEATURIZER_OPTIONS): Promise<TRescoreMeasurement> {
  const handle = await createTestDatabase();
  try {
    const { db } = handle;
    const project = await createProject(db, null, { name: 'Rescoring bench', slug: 'rescoring-bench', labels: buildDefaultLabels(['ham', 'spam']), settings: { evalFraction: 0 } });
    const labelIds = project.labels.map((label) => label.id);
    await insertItems(db, project.id, pool);
    const ids = (await db.execute<{ id: number }>(sql`select id from items where project_id = ${project.id} order by id limit ${labeled}`)).rows.map((r) => Number(r.id));
    for (const [c, labelId] of labelIds.entries()) {
      const ofClass = ids.filter((_, i) => pool[i]!.label === c);
      await db.execute(sql`update items set final_label_id = ${labelId}, final_source = 'single', status = 'labeled'
        where id = any(${toPgArray(ofClass)}::bigint[])`);
    }
    const trained = await compute.train({
      texts: pool.slice(0, labeled).map((row) => row.text),
      labels: Int32Array.from(pool.slice(0, labeled), (row) => row.label),
      numClasses: 2,
      corpus: pool.slice(labeled, labeled + 20_000).map((row) => row.text),
      evalTexts: [],
      evalLabels: new Int32Array(0),
      featurizer,
      kind: 'softmax',
      seed: 1,
      outOfFoldFolds: 0,
      scoring: { strategy: 'margin', committeeMembers: 0, mcSamples: 0, seed: 2 },
    });
    const [version] = (
      await db.execute<{ id: number }>(sql`
        insert into model_versions (project_id, version, status, kind, strategy) values (${project.id}, 1, 'ready', 'softmax', 'margin') returning id`)
    ).rows;
    const settings = (await getProject(db, project.id)).settings;
    const started = performance.now();
    const result = await rescorePool(db, compute, {
      projectId: project.id,
      versionId: Number(version!.id),
      sessionId: trained.sessionId!,
      settings,
      classLabelIds: labelIds,
      labelCountsPerClass: [labeled, labeled],
      trainedItemIds: new Set(ids),
      seed: 3,
    });
    const seconds = (performance.now() - started) / 1000;
    await compute.closeScorer(trained.sessionId!);
    return { items: pool.length, seconds, result, database: handle.kind };
  } finally {
    await handle.close();
  }
}

async function insertItems(db: Database, projectId: number, pool: readonly TLabeledText[]): Promise<void> {
  for (let start = 0; start < pool.length; start += INSERT_CHUNK) {
    const chunk = pool.slice(start, start + INSERT_CHUNK);
    const keys = chunk.map((_, i) => `bench-${start + i}`);
    await db.execute(sql`
      insert into items (project_id, external_id, content_hash, text)
      select ${projectId}, u.key, u.key, u.text from unnest(${sql.param(keys)}::text[], ${sql.param(chunk.map((row) => row.text))}::text[]) as u(key, text)`);
  }
}
