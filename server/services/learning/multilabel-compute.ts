import type { FeaturizerConfig, FeaturizerOptions } from '@/ml/features/featurizer';
import type { TMultilabelEvaluation } from '@/ml/multilabel/evaluate-multilabel-model';
import type { MultilabelSamplingStrategyId } from '@/ml/multilabel/multilabel-strategies';
import type { TMultilabelSimulationInput } from '@/ml/multilabel/simulate-multilabel-strategies';
import type { TMultilabelTrainProgress } from '@/ml/multilabel/train-multilabel-model';
import type { TMultilabelModelMetadata } from '@/ml/multilabel/train-multilabel-classifier';
import type { ModelArtifact } from '@/ml/predict';

/**
 * The multi-label variants of TCompute's training, scoring and simulation requests (compute.ts):
 * label sets travel as n×L 0/1 byte matrices (encodeLabelSets), so every request and response is
 * structured-clonable like the single-label ones. A multi-label scoring session answers the same
 * `score`, `selectDiverse`, `selectRepresentatives` and `closeScorer` calls; its `probs` are n×L
 * per-label probabilities.
 */

export type TMultilabelScoringSetup = { strategy: MultilabelSamplingStrategyId; seed: number };

export type TMultilabelTrainRequest = {
  texts: string[];
  /** n×L 0/1 label sets of `texts`. */
  targets: Uint8Array;
  numLabels: number;
  corpus: string[];
  evalTexts: string[];
  evalTargets: Uint8Array;
  featurizer: FeaturizerOptions;
  seed: number;
  /** Names the series of versions this one continues (project and labels): its last weights start the final fit. */
  warmStartKey?: string | null;
  /** Keep the trained model in a scoring session (the pool is scored right after training). */
  scoring: TMultilabelScoringSetup | null;
};

export type TMultilabelTrainResponse = {
  sessionId: string | null;
  artifact: ModelArtifact;
  featurizerConfig: FeaturizerConfig;
  /** Per-label thresholds, their sources and temperatures (already baked into `artifact`). */
  metadata: TMultilabelModelMetadata;
  evaluation: TMultilabelEvaluation | null;
  /** Whether the final fit started from the previous version's weights. */
  isWarmStarted: boolean;
  seconds: Record<string, number>;
  backend: string;
};

export type TOpenMultilabelScorerRequest = TMultilabelScoringSetup & {
  artifact: ModelArtifact;
  featurizerConfig: FeaturizerConfig;
  thresholds: number[];
};

export type TMultilabelSimulateRequest = Omit<TMultilabelSimulationInput, 'onProgress'>;

export type { TMultilabelTrainProgress };
