import type * as tf from '@tensorflow/tfjs';
import type { Featurizer } from '../features/featurizer';
import type { PoolScorer } from '../pipeline/pool-scorer';
import { createRng } from '../random';
import { createPoolSelection } from '../pipeline/pool-selection';
import { scoreMultilabelPool, type MultilabelSamplingStrategyId } from './multilabel-strategies';
import { computeSigmoidProbabilities, readSigmoidWeights } from './sigmoid-model';

/**
 * Scores a pool chunk by chunk with a multi-label version and the project's multi-label strategy,
 * behind the same PoolScorer interface as the single-label models (so the compute side's scoring
 * sessions, the diverse head and the cold-start representatives work unchanged): `probs` is n×L
 * per-label probabilities (independent, a row need not sum to 1), `scores` the strategy's.
 * Probabilities are computed on the host from compressed rows, as predictLabelProbabilities does.
 */
export function createMultilabelPoolScorer({
  model,
  featurizer,
  thresholds,
  strategy,
  seed,
}: {
  model: tf.LayersModel;
  featurizer: Featurizer;
  /** Per-label thresholds of the version (threshold_proximity reads them). */
  thresholds: readonly number[];
  strategy: MultilabelSamplingStrategyId;
  seed: number;
}): PoolScorer {
  const { kernel, bias, numLabels } = readSigmoidWeights(model);
  if (thresholds.length !== numLabels) throw new RangeError(`${thresholds.length} thresholds for a model of ${numLabels} labels`);
  if (kernel.length !== featurizer.dim * numLabels) throw new RangeError(`the model takes ${kernel.length / numLabels} features, its featurizer makes ${featurizer.dim}`);
  const rng = createRng(seed);
  return {
    score(texts) {
      const rows = featurizer.transformSparse(texts);
      const probs = computeSigmoidProbabilities(rows, kernel, bias);
      return { probs, scores: scoreMultilabelPool({ strategy, n: texts.length, numLabels, probs: strategy === 'random' ? undefined : probs, thresholds, rng }) };
    },
    ...createPoolSelection((texts: readonly string[]) => featurizer.transformSparse(texts), rng),
  };
}
