import type { ModelArtifact } from '@/ml/predict';
import type { TPredictedSpan } from '@/ml/spans/bio-tags';
import type { TSpanTaggerEvaluation } from '@/ml/spans/evaluate-span-tagger';
import type { TSpanTaggerConfig } from '@/ml/spans/span-tagger';
import type { TSpanSamplingStrategy } from '@/ml/spans/span-strategies';
import type { TSpan } from '@/ml/spans/span-types';
import type { TSpanSimulationInput } from '@/ml/simulate/run-span-simulation';

/**
 * What a span project's learning loop asks of the compute thread (the span half of TCompute in
 * compute.ts): train the BIO tagger, keep it in a scoring session, score texts for the queue and
 * pre-annotations, replay strategies on gold spans. Every argument and result is structured-clonable.
 */

/** How a session ranks texts: the project's strategy applied token by token (random ranks by least confidence; the queue draws random order itself). */
export type TSpanScoringSetup = { strategy: TSpanSamplingStrategy };

export type TSpanTrainRequest = {
  /** Labeled texts and their spans (final answers, never gold), and the evaluation items with theirs. */
  texts: string[];
  spans: TSpan[][];
  evalTexts: string[];
  evalSpans: TSpan[][];
  /** Project label ids in class order. */
  labelIds: number[];
  seed: number;
  locale?: string;
  /** Names the series this version continues (project, classes): its last weights start the fit. Null: from scratch. */
  warmStartKey?: string | null;
  /** Keep the tagger in a scoring session (the pool is scored right after training). */
  scoring: TSpanScoringSetup | null;
};

export type TSpanTrainProgress = { stage: 'training' | 'evaluating'; tokens?: number };

export type TSpanTrainResponse = {
  sessionId: string | null;
  artifact: ModelArtifact;
  /** Everything besides the weights that prediction needs: stored as the version's feature config. */
  config: TSpanTaggerConfig;
  /** Null without evaluation items. */
  evaluation: TSpanTaggerEvaluation | null;
  /** Token rows trained on, and spans BIO could not hold (overlaps) or with a label no longer in the set. */
  tokens: number;
  skippedSpans: number;
  isWarmStarted: boolean;
  seconds: Record<string, number>;
  backend: string;
};

export type TOpenSpanScorerRequest = TSpanScoringSetup & { artifact: ModelArtifact; config: TSpanTaggerConfig };

export type TSpanScores = {
  /** Queue score per text, higher = label first (token uncertainty aggregated per item). */
  scores: Float32Array;
  /** Mean over the text's tokens of its top tag's probability (1 without tokens): the prediction's score. */
  confidences: Float32Array;
  /** Decoded spans per text, each with its confidence. */
  spans: TPredictedSpan[][];
};

export type TSpanSimulateRequest = Omit<TSpanSimulationInput, 'onProgress'>;
