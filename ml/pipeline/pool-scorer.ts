import type * as tf from '@tensorflow/tfjs';
import type { Featurizer } from '../features/featurizer';
import { expandCsrRows } from '../csr-rows';
import { predictProbaMcDropout } from '../predict';
import { predictRows } from '../predict-rows';
import { createRng, type Rng } from '../random';
import { scorePool, type BatchDiversity, type SamplingStrategyId } from '../sampling';
import { createPoolSelection } from './pool-selection';
import { createHostSoftmax } from '../models/host-softmax';

export type PoolScorerOptions = {
  model: tf.LayersModel;
  featurizer: Featurizer;
  numClasses: number;
  strategy: SamplingStrategyId;
  /** Bootstrap members, for 'committee'. */
  committee?: readonly tf.LayersModel[];
  /** MC-dropout passes, for 'bald'. */
  mcSamples?: number;
  seed: number;
};

export type PoolScores = {
  /** n×k class probabilities of the model itself (what predictions store). */
  probs: Float32Array;
  /** The strategy's score per text; higher = ask first. */
  scores: Float32Array;
};

export type PoolScorer = {
  score(texts: readonly string[]): PoolScores;
  /**
   * A diversity-aware batch among candidates already ordered by score: positions into
   * `texts`, in serving order (k-center greedy or one per cluster, see selectBatch).
   */
  selectDiverse(texts: readonly string[], scores: Float32Array, batchSize: number, diversity: Exclude<BatchDiversity, 'none'>): number[];
  /** Positions of `count` texts that stand for the pool's dense regions (k-means representatives): the cold-start batch. */
  selectRepresentatives(texts: readonly string[], count: number): number[];
};

export const DEFAULT_MC_SAMPLES = 10;

/**
 * Scores a pool chunk by chunk with one model version and the project's strategy. Features
 * are compressed rows, so memory does not grow with the feature width.
 */
export function createPoolScorer({ model, featurizer, numClasses, strategy, committee = [], mcSamples = DEFAULT_MC_SAMPLES, seed }: PoolScorerOptions): PoolScorer {
  if (strategy === 'committee' && committee.length < 2) throw new Error("strategy 'committee' needs at least two committee members");
  const rng: Rng = createRng(seed);
  // Softmax models (and committees of them) score on the host from compressed rows.
  const hostModel = createHostSoftmax(model);
  const hostCommittee = committee.map(createHostSoftmax);
  const isHostOnly = hostModel !== null && hostCommittee.every((member) => member !== null) && strategy !== 'bald';

  return {
    score(texts) {
      const n = texts.length;
      const rows = featurizer.transformSparse(texts);
      if (isHostOnly) {
        const probs = hostModel.predict(rows);
        if (strategy === 'random') return { probs, scores: scorePool({ strategy, n, numClasses, rng }) };
        if (strategy === 'committee') return { probs, scores: scorePool({ strategy, n, numClasses, rng, committeeProbs: hostCommittee.map((member) => member!.predict(rows)) }) };
        return { probs, scores: scorePool({ strategy, n, numClasses, rng, probs }) };
      }
      const probs = predictRows(model, rows);
      switch (strategy) {
        case 'random':
          return { probs, scores: scorePool({ strategy, n, numClasses, rng }) };
        case 'bald':
          // MC dropout needs dense input; an MLP on a wide hashed space is slow here anyway.
          return { probs, scores: scorePool({ strategy, n, numClasses, rng, mcSamples: predictProbaMcDropout(model, expandCsrRows(rows), n, featurizer.dim, mcSamples, rng.nextSeed()) }) };
        case 'committee':
          return { probs, scores: scorePool({ strategy, n, numClasses, rng, committeeProbs: committee.map((member) => predictRows(member, rows)) }) };
        default:
          return { probs, scores: scorePool({ strategy, n, numClasses, rng, probs }) };
      }
    },
    ...createPoolSelection((texts: readonly string[]) => featurizer.transformSparse(texts), rng),
  };
}
