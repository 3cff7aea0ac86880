import { createFeaturizer } from '@/ml/features/featurizer';
import { computeAccuracy, computeConfusionMatrix, computePredictedLabels } from '@/ml/metrics';
import { predictTexts } from '@/ml/pipeline/train-model';
import { trainClassifier } from '@/ml/train';
import type { TLabeledText } from './demo-corpus';

export type TSplit = { train: number[]; eval: number[] };
export type TDimensionResult = { dim: number; accuracy: number; docsPerSecond: number; trainSeconds: number; nonZerosPerText: number };

/** Full-data softmax regression at one feature dimension: held-out accuracy and the costs that grow with dim. */
export async function measureDimension(corpus: readonly TLabeledText[], split: TSplit, dim: number): Promise<TDimensionResult> {
  const texts = corpus.map((row) => row.text);
  const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim });
  featurizer.fit(texts);
  const trainTexts = split.train.map((i) => texts[i]!);
  let t = performance.now();
  const rows = featurizer.transformSparse(trainTexts);
  const docsPerSecond = trainTexts.length / ((performance.now() - t) / 1000);
  t = performance.now();
  const { model } = await trainClassifier({ rows, y: Int32Array.from(split.train, (i) => corpus[i]!.label), dim, numClasses: 2, kind: 'softmax', seed: 1 });
  const trainSeconds = (performance.now() - t) / 1000;
  const probs = predictTexts(model, featurizer, split.eval.map((i) => texts[i]!), 2);
  model.dispose();
  const truth = Int32Array.from(split.eval, (i) => corpus[i]!.label);
  return {
    dim,
    accuracy: computeAccuracy(computeConfusionMatrix(truth, computePredictedLabels(probs, 2), 2)),
    docsPerSecond,
    trainSeconds,
    nonZerosPerText: rows.offsets[rows.rows]! / rows.rows,
  };
}
