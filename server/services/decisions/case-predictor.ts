import { createHash } from 'node:crypto';
import type { Database } from '@/db/client';
import { restoreFeaturizer } from '@/ml/features/featurizer';
import { isImageInputConfig } from '@/ml/images/image-input';
import { MODEL_KIND_TASK } from '@/ml/model-kinds';
import { createHostClassifier } from '@/ml/models/host-classifier';
import { getCurrentModelVersion, loadStoredModel, type TStoredModel } from '@/server/services/learning/model-versions';
import { canonicalJson } from './decision-chain';

export type TCasePrediction = {
  label: string;
  probability: number;
  /** Every class's probability, by label name. */
  probabilities: Record<string, number>;
};

export type TCasePredictor = {
  modelVersionId: number;
  version: number;
  /** SHA-256 over the topology's canonical JSON and the raw weights: names the model after its row is gone. */
  modelHash: string;
  predict(texts: readonly string[]): TCasePrediction[];
};

/** Versions kept loaded: each holds its weights (a few MB per class at 2^18 features) and its featurizer's IDF. */
const MAX_CACHED_VERSIONS = 8;

type TPredictorCache = Map<number, Promise<TCasePredictor | null>>;
type TPredictorGlobal = typeof globalThis & { __quorumCasePredictors?: TPredictorCache };

function getCache(): TPredictorCache {
  const store = globalThis as TPredictorGlobal;
  store.__quorumCasePredictors ??= new Map();
  return store.__quorumCasePredictors;
}

/**
 * A model version of the project as an in-process predictor: `versionId` (the version an approved
 * certificate names), else the project's current version; null when there is none (or it cannot be
 * evaluated here).
 * Predictions run on the request's own thread in plain typed-array code (ml/models/host-classifier.ts),
 * not through the compute thread: a case is answered in well under a millisecond, where a round trip
 * to the thread would cost more than the arithmetic. Loaded once per version id (model versions never
 * change once ready) and kept in a small least-recently-used cache.
 */
export async function loadCasePredictor(db: Database, projectId: number, versionId: number | null = null): Promise<TCasePredictor | null> {
  const current = versionId === null ? await getCurrentModelVersion(db, projectId) : { id: versionId };
  if (!current) return null;
  const cache = getCache();
  let loading = cache.get(current.id);
  if (loading) {
    // Most recently used last: the first key is the one to drop.
    cache.delete(current.id);
    cache.set(current.id, loading);
    return loading;
  }
  loading = loadStoredModel(db, projectId, current.id).then((stored) => {
    // A multi-label or span version answers with a set of labels or with spans, a case with one label:
    // not an error, just no predictor (the project's cases go to people as no_model_for_task).
    if (MODEL_KIND_TASK[stored.kind] !== 'single_label') return null;
    // A version this code cannot evaluate stays unusable (versions never change): logged once, and its
    // cases go to people as if there were no model, rather than failing every request.
    try {
      return buildCasePredictor(stored);
    } catch (error) {
      console.error(`[decisions] model version ${stored.version} of project ${projectId} cannot answer cases:`, error);
      return null;
    }
  });
  cache.set(current.id, loading);
  // A failed read (the database) is retried by the next case.
  loading.catch(() => cache.delete(current.id));
  if (cache.size > MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
  return loading;
}

function buildCasePredictor(stored: TStoredModel): TCasePredictor {
  const classes = stored.classes.map((c) => c.name);
  const classifier = createHostClassifier(stored.artifact);
  if (classes.length !== classifier.numClasses) throw new Error(`model version ${stored.version} names ${classes.length} classes for ${classifier.numClasses} outputs`);
  // Cases arrive as text; an image version has no featurizer for them (deciding image cases is not built yet).
  if (isImageInputConfig(stored.featurizerConfig)) throw new Error(`model version ${stored.version} is an image model: cases from other systems can only be decided by text models`);
  const featurizer = restoreFeaturizer(stored.featurizerConfig);
  if (featurizer.dim !== classifier.inputDim) throw new Error(`model version ${stored.version} takes ${classifier.inputDim} features, its featurizer makes ${featurizer.dim}`);
  const modelHash = createHash('sha256').update(canonicalJson(stored.artifact.modelTopology)).update('\n').update(stored.artifact.weightData).digest('hex');
  return {
    modelVersionId: stored.id,
    version: stored.version,
    modelHash,
    predict(texts) {
      if (texts.length === 0) return [];
      const probs = classifier.predict(featurizer.transformSparse(texts));
      const k = classes.length;
      return texts.map((_, i) => {
        let top = 0;
        const probabilities: Record<string, number> = {};
        for (let c = 0; c < k; c++) {
          probabilities[classes[c]!] = probs[i * k + c]!;
          if (probs[i * k + c]! > probs[i * k + top]!) top = c;
        }
        return { label: classes[top]!, probability: probs[i * k + top]!, probabilities };
      });
    },
  };
}
