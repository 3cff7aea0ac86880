import type { Featurizer, FeaturizerConfig } from './featurizer-types';
import { createHashedNgramFeaturizer } from './hashed-ngrams';
import type { HashedNgramsOptions } from './hashed-ngrams-config';

import { DEFAULT_FEATURE_DIM } from './feature-dim';
import { createHashedNgramsVectorsFeaturizer, type HashedNgramsVectorsOptions } from './hashed-ngrams-vectors';

export { DEFAULT_FEATURE_DIM };

export type { Featurizer, FeaturizerConfig, FeaturizerKind } from './featurizer-types';

export type FeaturizerOptions = ({ kind: 'hashed-ngrams' } & HashedNgramsOptions) | ({ kind: 'hashed-ngrams-vectors' } & HashedNgramsVectorsOptions);

export { FEATURIZER_KINDS, type FeaturizerKindId } from './featurizer-kinds';

/**
 * What a new model version should use: hashed word 1–2-grams and character 3–5-grams at
 * 2^18 plus the pretrained word-vector block (see bench/results/ml.json for the comparison).
 */
export const DEFAULT_FEATURIZER_OPTIONS: FeaturizerOptions = { kind: 'hashed-ngrams-vectors', dim: DEFAULT_FEATURE_DIM };

export function createFeaturizer(options: FeaturizerOptions = { kind: 'hashed-ngrams' }): Featurizer {
  switch (options.kind) {
    case 'hashed-ngrams':
      return createHashedNgramFeaturizer(options);
    case 'hashed-ngrams-vectors':
      return createHashedNgramsVectorsFeaturizer(options);
    default:
      throw new Error(`unknown featurizer kind: ${(options as { kind: string }).kind}`);
  }
}

/** Rebuilds a featurizer, fitted weights included, from `toConfig()` output (after JSON). */
export function restoreFeaturizer(config: FeaturizerConfig): Featurizer {
  switch (config.kind) {
    case 'hashed-ngrams':
      return createHashedNgramFeaturizer(config, config);
    case 'hashed-ngrams-vectors':
      return createHashedNgramsVectorsFeaturizer({}, config);
    default:
      throw new Error(`unknown featurizer kind: ${(config as { kind: string }).kind}`);
  }
}
