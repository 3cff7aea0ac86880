import type { Featurizer, FeaturizerConfig } from './featurizer-types';
import { createHashedNgramFeaturizer } from './hashed-ngrams';
import type { HashedNgramsOptions } from './hashed-ngrams-config';

export { DEFAULT_FEATURE_DIM } from './feature-dim';

export type { Featurizer, FeaturizerConfig, FeaturizerKind } from './featurizer-types';

export type FeaturizerOptions = { kind: 'hashed-ngrams' } & HashedNgramsOptions;

export function createFeaturizer(options: FeaturizerOptions = { kind: 'hashed-ngrams' }): Featurizer {
  switch (options.kind) {
    case 'hashed-ngrams':
      return createHashedNgramFeaturizer(options);
    default:
      throw new Error(`unknown featurizer kind: ${(options as { kind: string }).kind}`);
  }
}

/** Rebuilds a featurizer, fitted weights included, from `toConfig()` output (after JSON). */
export function restoreFeaturizer(config: FeaturizerConfig): Featurizer {
  switch (config.kind) {
    case 'hashed-ngrams':
      return createHashedNgramFeaturizer(config, config);
    default:
      throw new Error(`unknown featurizer kind: ${(config as { kind: string }).kind}`);
  }
}
