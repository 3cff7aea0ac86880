import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { createFeaturizer } from './features/featurizer';
import { generateSyntheticText } from './fixtures/synthetic-text';
import { computeAccuracy, computeClassMetrics, computeConfusionMatrix, computeMacroF1, computePredictedLabels } from './metrics';
import { predictProba } from './predict';
import { trainClassifier, type ClassifierKind } from './train';

const DIM = 1024;
const NUM_CLASSES = 4;
const TRAIN = 240;

beforeAll(async () => {
  await initBackend();
});

describe('learning on separable synthetic text', () => {
  // Each class has its own topic words mixed with shared filler; half the words carry signal.
  const { texts, labels } = generateSyntheticText({ numClasses: NUM_CLASSES, perClass: 100, seed: 2024, signal: 0.5 });
  const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: DIM });
  featurizer.fit(texts);
  const x = featurizer.transform(texts);
  const test = labels.length - TRAIN;

  const trainAndPredict = async (kind: ClassifierKind, seed: number) => {
    const { model } = await trainClassifier({
      x: x.subarray(0, TRAIN * DIM),
      y: labels.subarray(0, TRAIN),
      dim: DIM,
      numClasses: NUM_CLASSES,
      kind,
      seed,
      hidden: [32],
    });
    const probs = predictProba(model, x.subarray(TRAIN * DIM), test, DIM);
    model.dispose();
    return probs;
  };

  it.each(['softmax', 'mlp'] as const)('%s reaches high held-out accuracy and is reproducible', async (kind) => {
    const probs = await trainAndPredict(kind, 7);
    const confusion = computeConfusionMatrix(labels.subarray(TRAIN), computePredictedLabels(probs, NUM_CLASSES), NUM_CLASSES);
    expect(computeAccuracy(confusion)).toBeGreaterThan(0.95);
    expect(computeMacroF1(computeClassMetrics(confusion))).toBeGreaterThan(0.95);

    expect(await trainAndPredict(kind, 7)).toEqual(probs);
    // Softmax regression is a convex fit from zero weights: the seed cannot change it. The MLP's init and dropout depend on it.
    if (kind === 'softmax') expect(await trainAndPredict(kind, 8)).toEqual(probs);
    else expect(await trainAndPredict(kind, 8)).not.toEqual(probs);
  });
});
