import type { Rng } from '../random';
import { scoreRandom } from '../sampling/random-scores';
import type { SamplingStrategy } from '../sampling/strategies';
import { scoreMeanBinaryEntropy } from './score-mean-binary-entropy';
import { scoreThresholdProximity } from './score-threshold-proximity';

/**
 * The strategies a multi-label project can choose, described like ml/sampling's SAMPLING_STRATEGIES
 * (same fields, so the settings form can list them), scored by scoreMultilabelPool into the same
 * "higher = query first" scores selectBatch reads. A separate list, not entries in
 * SAMPLING_STRATEGIES: margin, BALD or a committee over a softmax mean nothing for independent
 * sigmoids, and these two need per-label probabilities (and thresholds) a single-label model lacks.
 */
export const MULTILABEL_SAMPLING_STRATEGIES = [
  { id: 'random', label: 'Random', needs: 'nothing', description: 'Uniform over the unlabeled pool; the baseline and the cold-start choice.' },
  {
    id: 'mean_binary_entropy',
    label: 'Mean binary entropy',
    needs: 'probabilities',
    description: 'Average over labels of the binary entropy of p: items where many labels are near 0.5.',
  },
  {
    id: 'threshold_proximity',
    label: 'Closest to a threshold',
    needs: 'probabilities',
    description: 'The label nearest its decision threshold: items one label away from a different predicted set.',
  },
] as const satisfies readonly SamplingStrategy[];

export type MultilabelSamplingStrategyId = (typeof MULTILABEL_SAMPLING_STRATEGIES)[number]['id'];

/**
 * Measured (bench/results/multilabel.json, 2 seeds, batches of 50 up to 600 labels): on Debtags (real
 * tags, 83% "none", rare labels) mean binary entropy reached random's 600-label micro-F1 with ~195
 * labels and its macro-F1 with ~270; threshold proximity with ~430 and ~490. On the synthetic fortune
 * mixtures (dense, independent labels) neither beat random within 600 labels (mean F1 over rounds 1–2
 * points below it). Entropy is the default because it is the one that helped where labels are rare,
 * which is where a labeling project spends its budget; keep an exploration share in the batch.
 */
export const DEFAULT_MULTILABEL_STRATEGY: MultilabelSamplingStrategyId = 'mean_binary_entropy';

export function isMultilabelSamplingStrategyId(value: string): value is MultilabelSamplingStrategyId {
  return MULTILABEL_SAMPLING_STRATEGIES.some((s) => s.id === value);
}

export type ScoreMultilabelPoolInput = {
  strategy: MultilabelSamplingStrategyId;
  n: number;
  numLabels: number;
  /** n×L per-label probabilities (predictLabelProbabilities). */
  probs?: Float32Array;
  /** Per-label thresholds (the model version's metadata), for threshold_proximity. */
  thresholds?: ArrayLike<number>;
  rng: Rng;
};

/** One score per pool item for selectBatch; higher = query first. */
export function scoreMultilabelPool({ strategy, n, numLabels, probs, thresholds, rng }: ScoreMultilabelPoolInput): Float32Array {
  const requireInput = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`strategy '${strategy}' needs ${what}`);
    return value;
  };
  let scores: Float32Array;
  switch (strategy) {
    case 'random':
      return scoreRandom(n, rng);
    case 'mean_binary_entropy':
      scores = scoreMeanBinaryEntropy(requireInput(probs, 'probs'), numLabels);
      break;
    case 'threshold_proximity':
      scores = scoreThresholdProximity(requireInput(probs, 'probs'), numLabels, requireInput(thresholds, 'thresholds'));
      break;
  }
  if (scores.length !== n) throw new RangeError(`scores cover ${scores.length} items, pool has ${n}`);
  return scores;
}
