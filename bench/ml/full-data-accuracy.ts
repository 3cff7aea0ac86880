import { DEFAULT_FEATURIZER_OPTIONS, type FeaturizerOptions } from '@/ml/features/featurizer';
import { trainModel } from '@/ml/pipeline/train-model';
import { createRng } from '@/ml/random';
import { fitLinearBaseline, type TLinearBaseline } from './linear-baseline';
import type { TTextDataset } from './text-datasets';

export type TFullDataComparison = {
  quorum: {
    accuracy: number;
    seconds: Record<string, number>;
    iterations: number;
    features: string;
    temperature: number;
    eceBefore: number | null;
    eceAfter: number | null;
    beatsBaseline: boolean;
    majorityAccuracy: number;
  };
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

/**
 * Quorum's model version as a training job builds it (trainModel: default features, 4-fold
 * out-of-fold probabilities, temperature fitted on them) against the in-bench linear baseline,
 * both trained on the same 80% and scored on the same 20%.
 */
export async function compareFullData(dataset: TTextDataset, seed: number, featurizerOptions: FeaturizerOptions = DEFAULT_FEATURIZER_OPTIONS): Promise<TFullDataComparison> {
  const { train, test } = splitDataset(dataset.texts.length, seed);
  const pick = (indices: number[]) => ({ texts: indices.map((i) => dataset.texts[i]!), labels: Int32Array.from(indices, (i) => dataset.labels[i]!) });
  const trainSet = pick(train);
  const testSet = pick(test);
  const k = dataset.classNames.length;
  const trained = await trainModel({
    texts: trainSet.texts,
    labels: trainSet.labels,
    numClasses: k,
    corpus: [],
    evalTexts: testSet.texts,
    evalLabels: testSet.labels,
    featurizer: featurizerOptions,
    kind: 'softmax',
    seed,
    outOfFoldFolds: 4,
    committeeMembers: 0,
    bootstrapSamples: 200,
  });
  trained.model.dispose();
  const evaluation = trained.evaluation!;
  const baseline = fitLinearBaseline(trainSet, testSet, k);
  return {
    quorum: {
      accuracy: evaluation.accuracy.value,
      seconds: trained.seconds,
      iterations: trained.epochs,
      features: trained.featurizer.kind,
      temperature: trained.temperature,
      eceBefore: evaluation.calibration?.eceBefore ?? null,
      eceAfter: evaluation.calibration?.eceAfter ?? null,
      beatsBaseline: evaluation.beatsBaseline,
      majorityAccuracy: evaluation.majorityBaseline.accuracy,
    },
    baseline,
    trainSize: train.length,
    testSize: test.length,
  };
}
