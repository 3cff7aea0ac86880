import type { FeaturizerConfig, FeaturizerOptions } from '@/ml/features/featurizer';
import type { ImageInputConfig } from '@/ml/images/image-input';
import type { ImageSet } from '@/ml/images/image-set';
import type { ModelEvaluation } from '@/ml/pipeline/evaluate-model';
import type { PoolScores } from '@/ml/pipeline/pool-scorer';
import type { TrainProgress } from '@/ml/pipeline/train-model';
import type { ModelArtifact } from '@/ml/predict';
import type { BatchDiversity, SamplingStrategyId } from '@/ml/sampling';
import type { SimulationShape, SimulationTask } from '@/ml/simulate/prepare-simulation';
import type { SimulationTaskOutcome } from '@/ml/simulate/run-simulation-task';
import type { SimulationInput, SimulationProgress, SimulationResult } from '@/ml/simulate/simulation-settings';
import type { ClassifierKind, EpochInfo } from '@/ml/train';
import type { TOpenSpanScorerRequest, TSpanScores, TSpanSimulateRequest, TSpanTrainProgress, TSpanTrainRequest, TSpanTrainResponse } from './span-compute';
import type { TMultilabelSimulateRequest, TMultilabelTrainProgress, TMultilabelTrainRequest, TMultilabelTrainResponse, TOpenMultilabelScorerRequest } from './multilabel-compute';

/**
 * What the learning loop asks of TensorFlow.js. The database side (server/services) only
 * speaks this interface: the same calls run in a worker thread next to the embedded
 * database (PGlite lives on the main thread and cannot be shared), in a `quorum worker`
 * process, or in-process in tests. Every argument and result is structured-clonable.
 */
export type TCompute = {
  describeBackend(): Promise<{ backend: string }>;
  train(request: TTrainRequest, onProgress?: (progress: TrainProgress) => void): Promise<TTrainResponse>;
  openScorer(request: TOpenScorerRequest): Promise<{ sessionId: string }>;
  score(sessionId: string, items: TPoolItems): Promise<PoolScores>;
  selectDiverse(sessionId: string, items: TPoolItems, scores: Float32Array, batchSize: number, diversity: Exclude<BatchDiversity, 'none'>): Promise<number[]>;
  /** Positions of `count` of `texts` to label first when there is no model yet (k-means representatives on fresh features). */
  selectColdStartBatch(texts: string[], count: number, featurizer: FeaturizerOptions, seed: number): Promise<number[]>;
  /** Positions of `count` of `items` chosen for coverage (k-means representatives), by the session's features. */
  selectRepresentatives(sessionId: string, items: TPoolItems, count: number): Promise<number[]>;
  closeScorer(sessionId: string): Promise<void>;
  simulate(request: TSimulateRequest, onProgress?: (progress: SimulationProgress) => void): Promise<SimulationResult>;
  /**
   * One task of a simulation split over threads (server/worker/compute/run-parallel-simulation.ts).
   * The thread keeps the features of the last simulation it saw, so its later tasks skip featurizing.
   * Progress is the label count of each model trained.
   */
  simulateTask(request: TSimulateTaskRequest, onProgress?: (labels: number) => void): Promise<{ outcome: SimulationTaskOutcome; shape: SimulationShape }>;
  /** Span projects (span-compute.ts): the BIO tagger's training, its scoring session (closed by closeScorer) and the strategy simulator. */
  trainSpanTagger(request: TSpanTrainRequest, onProgress?: (progress: TSpanTrainProgress) => void): Promise<TSpanTrainResponse>;
  openSpanScorer(request: TOpenSpanScorerRequest): Promise<{ sessionId: string }>;
  scoreSpans(sessionId: string, texts: string[]): Promise<TSpanScores>;
  simulateSpans(request: TSpanSimulateRequest, onProgress?: (progress: SimulationProgress) => void): Promise<SimulationResult>;
  /** A multi-label project's version (multilabel-compute.ts); its session answers `score` and the rest like any other. */
  trainMultilabel(request: TMultilabelTrainRequest, onProgress?: (progress: TMultilabelTrainProgress) => void): Promise<TMultilabelTrainResponse>;
  openMultilabelScorer(request: TOpenMultilabelScorerRequest): Promise<{ sessionId: string }>;
  simulateMultilabel(request: TMultilabelSimulateRequest, onProgress?: (progress: SimulationProgress) => void): Promise<SimulationResult>;
  /** Frees the thread (if any). Pending calls fail. */
  close(): Promise<void>;
};

/** A chunk of pool items as a scoring session takes them: texts, or images decoded to the version's input size. */
export type TPoolItems = string[] | ImageSet;

/** What a version stores to turn items into model input: the text featurizer, or the image preprocessing. */
export type TFeatureConfig = FeaturizerConfig | ImageInputConfig;

export type TScoringSetup = {
  strategy: SamplingStrategyId;
  /** Bootstrap members for 'committee' (trained on the same labels). */
  committeeMembers: number;
  mcSamples: number;
  seed: number;
};

export type TTrainRequest = {
  texts: string[];
  labels: Int32Array;
  numClasses: number;
  corpus: string[];
  evalTexts: string[];
  evalLabels: Int32Array;
  featurizer: FeaturizerOptions;
  /** An image project's labeled and evaluation images (then texts, corpus and evalTexts are empty) and their preprocessing. */
  images?: { train: ImageSet; eval: ImageSet; input: ImageInputConfig } | null;
  kind: ClassifierKind;
  seed: number;
  maxEpochs?: number;
  outOfFoldFolds: number;
  /** Item id per label: keeps cross-validation folds stable between versions (see assignStableFolds). */
  itemKeys?: number[];
  /**
   * Names the series of versions this one continues (project, model kind, classes): the compute
   * side keeps each series' last weights in memory and starts the next training from them.
   * Null trains from scratch. A restart or another worker only costs a cold start.
   */
  warmStartKey?: string | null;
  /** Keep the trained model in a scoring session (the pool is scored right after training). */
  scoring: TScoringSetup | null;
};

export type TTrainResponse = {
  /** The scoring session holding this model, when `scoring` was asked for. */
  sessionId: string | null;
  artifact: ModelArtifact;
  featurizerConfig: TFeatureConfig;
  history: EpochInfo[];
  epochs: number;
  bestEpoch: number;
  /** Includes `majorityBaseline`, `beatsBaseline` and `calibration` (temperature, ECE before/after). */
  evaluation: ModelEvaluation | null;
  /** Temperature baked into `artifact` (1 when none was fitted): its probabilities are calibrated. */
  temperature: number;
  /** Out-of-fold probabilities of the labels at `indices` (a subset when there are many). */
  outOfFold: { indices: Int32Array; probs: Float32Array } | null;
  seconds: Record<string, number>;
  backend: string;
};

export type TOpenScorerRequest = TScoringSetup & {
  artifact: ModelArtifact;
  featurizerConfig: TFeatureConfig;
  numClasses: number;
  /** Labels to train the committee on, for 'committee' (images instead of texts for an image project). */
  committeeData: { texts: string[]; images?: ImageSet | null; labels: Int32Array; kind: ClassifierKind } | null;
};

export type TSimulateRequest = Omit<SimulationInput, 'onProgress' | 'texts'> & { texts: string[] };

export type TSimulateTaskRequest = { simulationId: string; simulation: TSimulateRequest; task: SimulationTask };
