import type { ClassifierKind } from '../model-kinds';
import { DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from './featurizer';

/** The MLP's first layer is dense: inputs × hidden weights, so it keeps the narrow hashed width it was tuned at. */
export const MLP_FEATURE_DIM = 2 ** 12;

/**
 * The features a model kind trains on: the wide sparse n-grams with word vectors for softmax
 * regression (what `npm run bench -- ml` and `quorum simulate` measure), narrow hashed n-grams for
 * the MLP, whose weights at 2^18 inputs would be 33M parameters (134 MB per stored version).
 */
export function chooseFeaturizerOptions(kind: ClassifierKind): FeaturizerOptions {
  return kind === 'mlp' ? { kind: 'hashed-ngrams', dim: MLP_FEATURE_DIM } : DEFAULT_FEATURIZER_OPTIONS;
}
