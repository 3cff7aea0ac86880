import type * as tf from '@tensorflow/tfjs';
import { createFeaturizer, DEFAULT_FEATURIZER_OPTIONS, type Featurizer, type FeaturizerOptions } from '../features/featurizer';
import { evaluateMultilabelModel, type TMultilabelEvaluation } from './evaluate-multilabel-model';
import { computeSigmoidProbabilities, readSigmoidWeights } from './sigmoid-model';
import { trainMultilabelClassifier, type TMultilabelModelMetadata } from './train-multilabel-classifier';

export type TMultilabelTrainProgress =
  | { stage: 'featurizing'; texts: number }
  | { stage: 'training'; labels: number; numLabels: number }
  | { stage: 'evaluating'; items: number };

export type TrainMultilabelModelInput = {
  texts: readonly string[];
  /** n×L 0/1 label sets of `texts` (encodeLabelSets); an all-zero row is "none of these". */
  targets: Uint8Array;
  numLabels: number;
  /** More of the pool for the IDF fit (training and evaluation texts are always included). */
  corpus: readonly string[];
  evalTexts: readonly string[];
  evalTargets: Uint8Array;
  featurizer?: FeaturizerOptions;
  seed: number;
  /** The previous version's uncalibrated weights (same feature width and labels), to start the final fit from. */
  warmStart?: TSigmoidWarmStart | null;
  bootstrapSamples?: number;
  onProgress?(progress: TMultilabelTrainProgress): void;
};

/** What one multi-label version leaves the next to start from (the final fit's uncalibrated weights). */
export type TSigmoidWarmStart = { dim: number; numLabels: number; kernel: Float32Array; bias: Float32Array };

export type TrainedMultilabelModel = {
  featurizer: Featurizer;
  /** One Dense sigmoid layer, per-label temperatures baked in. The caller disposes it. */
  model: tf.LayersModel;
  /** Thresholds, their sources, temperatures, C and folds: stored with the version. */
  metadata: TMultilabelModelMetadata;
  /** Null without evaluation items. */
  evaluation: TMultilabelEvaluation | null;
  warmStart: TSigmoidWarmStart;
  seconds: { featurize: number; train: number; evaluate: number };
};

/**
 * One multi-label model version, end to end, the way trainModel does a single-label one: fit the
 * featurizer's IDF on the pool, featurize the labeled texts (compressed rows), train the one-vs-rest
 * sigmoid model (out-of-fold per-label temperatures and F1-tuned thresholds, then the final fit,
 * warm-started when the previous version's weights fit), and evaluate on the evaluation items with
 * bootstrap intervals and the constant-answer baseline.
 */
export async function trainMultilabelModel(input: TrainMultilabelModelInput): Promise<TrainedMultilabelModel> {
  const { texts, targets, numLabels, seed, onProgress } = input;
  if (targets.length !== texts.length * numLabels) throw new RangeError(`targets hold ${targets.length} values for ${texts.length} texts × ${numLabels} labels`);
  if (input.evalTargets.length !== input.evalTexts.length * numLabels) throw new RangeError('evalTexts and evalTargets do not match');
  let last = performance.now();
  const lap = () => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };

  onProgress?.({ stage: 'featurizing', texts: texts.length + input.corpus.length });
  const featurizer = createFeaturizer(input.featurizer ?? DEFAULT_FEATURIZER_OPTIONS);
  const rows = featurizer.fitTransformSparse(texts, iterateAll(input.evalTexts, input.corpus));
  const featurize = lap();

  onProgress?.({ stage: 'training', labels: texts.length, numLabels });
  const warm = input.warmStart && input.warmStart.dim === featurizer.dim && input.warmStart.numLabels === numLabels ? input.warmStart : null;
  const trained = await trainMultilabelClassifier({ rows, targets, numLabels, seed, init: warm ? { kernel: warm.kernel, bias: warm.bias } : null });
  const train = lap();
  try {
    let evaluation: TMultilabelEvaluation | null = null;
    if (input.evalTexts.length > 0) {
      onProgress?.({ stage: 'evaluating', items: input.evalTexts.length });
      const { kernel, bias } = readSigmoidWeights(trained.model);
      const probs = computeSigmoidProbabilities(featurizer.transformSparse(input.evalTexts), kernel, bias);
      evaluation = evaluateMultilabelModel({ probs, thresholds: trained.metadata.thresholds, truth: input.evalTargets, numLabels, seed, bootstrapSamples: input.bootstrapSamples });
    }
    return {
      featurizer,
      model: trained.model,
      metadata: trained.metadata,
      evaluation,
      warmStart: { dim: featurizer.dim, numLabels, kernel: trained.weights.kernel, bias: trained.weights.bias },
      seconds: { featurize, train, evaluate: lap() },
    };
  } catch (error) {
    trained.model.dispose();
    throw error;
  }
}

function* iterateAll(...lists: ReadonlyArray<readonly string[]>): Generator<string> {
  for (const list of lists) yield* list;
}
