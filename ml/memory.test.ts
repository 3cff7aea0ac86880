import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { createFeaturizer } from './features/featurizer';
import { generateSyntheticText } from './fixtures/synthetic-text';
import { deserializeModel, predictProba, predictProbaMcDropout, serializeModel } from './predict';
import { trainClassifier, trainCommittee } from './train';

beforeAll(async () => {
  await initBackend();
});

describe('tensor memory', () => {
  it('returns to the starting tensor count after featurize → train → predict → MC dropout → save/load', async () => {
    const dim = 512;
    const { texts, labels } = generateSyntheticText({ numClasses: 3, perClass: 30, seed: 21 });
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim });
    featurizer.fit(texts);
    const x = featurizer.transform(texts);

    // Let the backend allocate whatever it keeps for the process (scalars, kernels) first.
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const before = tf.memory().numTensors;

    const { model } = await trainClassifier({ x, y: labels, dim, numClasses: 3, kind: 'mlp', hidden: [16], seed: 1, maxEpochs: 6 });
    predictProba(model, x, labels.length, dim, 32);
    predictProbaMcDropout(model, x, labels.length, dim, 3, 5, 32);
    const restored = await deserializeModel(await serializeModel(model));
    predictProba(restored, x, labels.length, dim);
    model.dispose();
    restored.dispose();

    const committee = await trainCommittee({ x, y: labels, dim, numClasses: 3, kind: 'softmax', seed: 2, members: 2, maxEpochs: 3 });
    committee.forEach((member) => member.model.dispose());

    expect(tf.memory().numTensors).toBe(before);
  });
});
