import type { Rng } from '../random';
import { scoreBald } from './bald';
import { computeCommitteeVotes, scoreVoteEntropy } from './committee';
import { scoreEntropy } from './entropy';
import { scoreLeastConfidence } from './least-confidence';
import { scoreMargin } from './margin';
import { scoreRandom } from './random-scores';

export type SamplingStrategy = {
  id: string;
  label: string;
  /** What the scorer consumes: nothing, one n×k probability matrix, T MC-dropout samples, or one per committee member. */
  needs: 'nothing' | 'probabilities' | 'mc-dropout' | 'committee';
  description: string;
};

export const SAMPLING_STRATEGIES = [
  { id: 'random', label: 'Random', needs: 'nothing', description: 'Uniform over the unlabeled pool; the baseline and the cold-start choice.' },
  { id: 'least_confidence', label: 'Least confidence', needs: 'probabilities', description: '1 − p(top class).' },
  { id: 'margin', label: 'Margin', needs: 'probabilities', description: 'Smallest gap between the two most likely classes.' },
  { id: 'entropy', label: 'Entropy', needs: 'probabilities', description: 'Entropy of the predicted class distribution.' },
  { id: 'bald', label: 'BALD', needs: 'mc-dropout', description: 'Disagreement between MC-dropout samples (mutual information); needs the MLP model.' },
  { id: 'committee', label: 'Query by committee', needs: 'committee', description: 'Vote entropy over models trained on bootstrap resamples.' },
] as const satisfies readonly SamplingStrategy[];

export type SamplingStrategyId = (typeof SAMPLING_STRATEGIES)[number]['id'];

export const DEFAULT_STRATEGY: SamplingStrategyId = 'margin';

export function isSamplingStrategyId(value: string): value is SamplingStrategyId {
  return SAMPLING_STRATEGIES.some((s) => s.id === value);
}

export type ScorePoolInput = {
  strategy: SamplingStrategyId;
  n: number;
  numClasses: number;
  /** n×k, for least_confidence, margin, entropy. */
  probs?: Float32Array;
  /** T arrays of n×k, for bald. */
  mcSamples?: readonly Float32Array[];
  /** One n×k array per member, for committee. */
  committeeProbs?: readonly Float32Array[];
  rng: Rng;
};

/** One score per pool item for `selectBatch`; higher = query first. */
export function scorePool({ strategy, n, numClasses, probs, mcSamples, committeeProbs, rng }: ScorePoolInput): Float32Array {
  const requireInput = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`strategy '${strategy}' needs ${what}`);
    return value;
  };
  let scores: Float32Array;
  switch (strategy) {
    case 'random':
      return scoreRandom(n, rng);
    case 'least_confidence':
      scores = scoreLeastConfidence(requireInput(probs, 'probs'), numClasses);
      break;
    case 'margin':
      scores = scoreMargin(requireInput(probs, 'probs'), numClasses);
      break;
    case 'entropy':
      scores = scoreEntropy(requireInput(probs, 'probs'), numClasses);
      break;
    case 'bald':
      scores = scoreBald(requireInput(mcSamples, 'mcSamples'), numClasses);
      break;
    case 'committee':
      scores = scoreVoteEntropy(computeCommitteeVotes(requireInput(committeeProbs, 'committeeProbs'), numClasses), numClasses);
      break;
  }
  if (scores.length !== n) throw new RangeError(`scores cover ${scores.length} items, pool has ${n}`);
  return scores;
}
