import type * as tf from '@tensorflow/tfjs';
import { createRng } from '../random';
import { gatherImages } from './image-set';
import { trainImageClassifier, type TrainImageClassifierOptions } from './train-image-classifier';

/**
 * Query-by-committee for images: each member trains on a bootstrap resample of the labels, as
 * trainCommittee does for text. `members` full trainings: affordable for the pixel softmax, slow
 * for the CNN (BALD gets its disagreement from one CNN's dropout samples instead).
 */
export async function trainImageCommittee(options: Omit<TrainImageClassifierOptions, 'init'> & { members: number }): Promise<tf.LayersModel[]> {
  if (!Number.isInteger(options.members) || options.members < 2) throw new RangeError('a committee needs at least 2 members');
  const rng = createRng(options.seed);
  const n = options.y.length;
  const members: tf.LayersModel[] = [];
  try {
    for (let m = 0; m < options.members; m++) {
      const inBag = Int32Array.from({ length: n }, () => rng.int(n));
      const trained = await trainImageClassifier({
        ...options,
        images: gatherImages(options.images, inBag),
        y: Int32Array.from(inBag, (i) => options.y[i]!),
        seed: rng.nextSeed(),
      });
      members.push(trained.model);
    }
  } catch (error) {
    members.forEach((member) => member.dispose());
    throw error;
  }
  return members;
}
