import type * as tf from '@tensorflow/tfjs';
import type { PoolScores } from '../pipeline/pool-scorer';
import { createRng } from '../random';
import { scorePool, type BatchDiversity, type SamplingStrategyId } from '../sampling';
import { createPoolSelection } from '../pipeline/pool-selection';
import type { ImageSet } from './image-set';
import { embedImages, predictImages, predictImagesMcDropout } from './predict-images';

export type ImagePoolScorer = {
  score(images: ImageSet): PoolScores;
  /** A diversity-aware batch among candidates already ordered by score (positions into `images`), in the model's embedding. */
  selectDiverse(images: ImageSet, scores: Float32Array, batchSize: number, diversity: Exclude<BatchDiversity, 'none'>): number[];
  /** Positions of `count` images standing for the pool's dense regions (k-means representatives in the embedding). */
  selectRepresentatives(images: ImageSet, count: number): number[];
};

/** What createPoolScorer is for texts: one model version and the project's strategy, chunk by chunk. */
export function createImagePoolScorer({
  model,
  numClasses,
  strategy,
  committee = [],
  mcSamples,
  seed,
}: {
  model: tf.LayersModel;
  numClasses: number;
  strategy: SamplingStrategyId;
  committee?: readonly tf.LayersModel[];
  mcSamples: number;
  seed: number;
}): ImagePoolScorer {
  if (strategy === 'committee' && committee.length < 2) throw new Error("strategy 'committee' needs at least two committee members");
  const rng = createRng(seed);
  return {
    score(images) {
      const n = images.count;
      const probs = predictImages(model, images);
      switch (strategy) {
        case 'random':
          return { probs, scores: scorePool({ strategy, n, numClasses, rng }) };
        case 'bald':
          return { probs, scores: scorePool({ strategy, n, numClasses, rng, mcSamples: predictImagesMcDropout(model, images, mcSamples, rng.nextSeed()) }) };
        case 'committee':
          return { probs, scores: scorePool({ strategy, n, numClasses, rng, committeeProbs: committee.map((member) => predictImages(member, images)) }) };
        default:
          return { probs, scores: scorePool({ strategy, n, numClasses, rng, probs }) };
      }
    },
    ...createPoolSelection((images: ImageSet) => embedImages(model, images), rng),
  };
}
