import { createFeaturizer, DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from '@/ml/features/featurizer';
import { computeAccuracy, computeConfusionMatrix, computePredictedLabels } from '@/ml/metrics';
import { predictRows } from '@/ml/predict-rows';
import { createRng } from '@/ml/random';
import { trainClassifier } from '@/ml/train';
import { fitLinearBaseline, type TLinearBaseline } from './linear-baseline';
import type { TTextDataset } from './text-datasets';

export type TFullDataComparison = {
  quorum: { accuracy: number; trainSeconds: number; featurizeSeconds: number; iterations: number; features: string };
  baseline: TLinearBaseline;
  trainSize: number;
  testSize: number;
};

/** One seeded 80/20 split, the same for both models. */
export function splitDataset(n: number, seed: number, evalFraction = 0.2): { train: number[]; test: number[] } {
  const order = Array.from(createRng(seed).permutation(n));
  const testSize = Math.round(n * evalFraction);
  return { test: order.slice(0, testSize), train: order.slice(testSize) };
}

/** Quorum's default model (features as a new version gets them) against the in-bench linear baseline on the same split. */
export async function compareFullData(dataset: TTextDataset, seed: number, featurizerOptions: FeaturizerOptions = DEFAULT_FEATURIZER_OPTIONS): Promise<TFullDataComparison> {
  const { train, test } = splitDataset(dataset.texts.length, seed);
  const pick = (indices: number[]) => ({ texts: indices.map((i) => dataset.texts[i]!), labels: Int32Array.from(indices, (i) => dataset.labels[i]!) });
  const trainSet = pick(train);
  const testSet = pick(test);
  const k = dataset.classNames.length;
  let t = performance.now();
  const featurizer = createFeaturizer(featurizerOptions);
  // As the product does: IDF over the whole pool (labels unused), here train + test texts.
  const rows = featurizer.fitTransformSparse(trainSet.texts, testSet.texts);
  const testRows = featurizer.transformSparse(testSet.texts);
  const featurizeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const trained = await trainClassifier({ rows, y: trainSet.labels, dim: featurizer.dim, numClasses: k, kind: 'softmax', seed });
  const trainSeconds = (performance.now() - t) / 1000;
  const probs = predictRows(trained.model, testRows);
  trained.model.dispose();
  const accuracy = computeAccuracy(computeConfusionMatrix(testSet.labels, computePredictedLabels(probs, k), k));
  const baseline = fitLinearBaseline(trainSet, testSet, k);
  return { quorum: { accuracy, trainSeconds, featurizeSeconds, iterations: trained.epochs, features: featurizer.kind }, baseline, trainSize: train.length, testSize: test.length };
}
