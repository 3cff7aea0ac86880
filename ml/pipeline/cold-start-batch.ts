import { createFeaturizer, type FeaturizerOptions } from '../features/featurizer';
import { createRng } from '../random';
import { selectRepresentatives } from '../sampling/select-representatives';

/**
 * The first batch of a project no model has seen: k-means representatives of `texts` (indices
 * into it, in serving order), on the features a model would get, fitted to these texts alone.
 */
export function selectColdStartBatch(texts: readonly string[], count: number, featurizer: FeaturizerOptions, seed: number): number[] {
  if (texts.length === 0 || count <= 0) return [];
  const rows = createFeaturizer(featurizer).fitTransformSparse(texts);
  return selectRepresentatives({ rows, count, rng: createRng(seed) });
}
