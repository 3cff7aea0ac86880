import type { CsrRows } from '../csr-rows';
import { trainClassifier } from '../train';
import type { ClassifierKind } from '../model-kinds';
import { countBioClasses } from './bio-tags';
import { createTokenFeatureConfig, type TTokenFeatureConfig } from './featurize-tokens';
import type { TBioDecoding, TSpanTagger } from './span-tagger';
import { prepareSpanCorpus } from './span-corpus';
import type { TSpan } from './span-types';

export type TSpanTrainingItem = { text: string; spans: readonly TSpan[] };

/** Softmax weights on the host: what the next training of the same series starts from. */
export type TSpanTaggerWeights = { kernel: Float32Array; bias: Float32Array };

export type TTrainSpanTaggerOptions = {
  /** The project's label ids; their order fixes the class order. */
  labelIds: readonly number[];
  seed: number;
  /** 'softmax' (default: L-BFGS on the host, measured) or 'mlp' (tfjs, early stopping). */
  modelKind?: ClassifierKind;
  dim?: number;
  /** Softmax inverse L2 strength (ml/train's default when absent). */
  c?: number;
  decoding?: TBioDecoding;
  locale?: string;
  /**
   * Softmax only: start L-BFGS from an earlier solution of the same feature width and classes (the
   * same optimum, fewer iterations). Ignored when its shape does not fit.
   */
  init?: TSpanTaggerWeights | null;
};

export type TTrainedSpanTagger = TSpanTagger & {
  /** Token rows trained on. */
  tokens: number;
  /** Spans BIO could not hold (overlapping an earlier one) or with an unknown label. */
  skippedSpans: number;
  /** Softmax only: the fitted weights, to warm-start the next training. */
  weights: TSpanTaggerWeights | null;
};

/**
 * Trains a per-token BIO classifier on labeled items (every token of every item is a training
 * row: tokens outside the spans teach O). Features: featurizeTokens. The classifier is ml/train's
 * (softmax regression fitted by L-BFGS, or the MLP), so it serialises like every other model.
 */
export async function trainSpanTagger(items: readonly TSpanTrainingItem[], options: TTrainSpanTaggerOptions): Promise<TTrainedSpanTagger> {
  checkLabelIds(options.labelIds);
  const locale = options.locale ?? 'en';
  const features = createTokenFeatureConfig({ dim: options.dim, seed: options.seed });
  const corpus = prepareSpanCorpus(
    items.map((item) => item.text),
    items.map((item) => item.spans),
    { features, labelIds: options.labelIds, locale },
  );
  const trained = await trainSpanTaggerOnRows(corpus.rows, corpus.tags, features, { ...options, locale });
  return { ...trained, skippedSpans: corpus.skippedSpans };
}

/**
 * The same on token rows already featurized with `features` (prepareSpanCorpus): what a simulation
 * calls round after round on subsets of one corpus.
 */
export async function trainSpanTaggerOnRows(rows: CsrRows, tags: Int32Array, features: TTokenFeatureConfig, options: TTrainSpanTaggerOptions): Promise<TTrainedSpanTagger> {
  checkLabelIds(options.labelIds);
  if (tags.length === 0) throw new RangeError('the training items have no tokens');
  if (rows.rows !== tags.length) throw new RangeError(`${rows.rows} token rows for ${tags.length} tags`);
  const modelKind = options.modelKind ?? 'softmax';
  const numClasses = countBioClasses(options.labelIds.length);
  const init = options.init && options.init.kernel.length === features.dim * numClasses && options.init.bias.length === numClasses ? options.init : null;
  const trained = await trainClassifier({
    rows,
    y: tags,
    dim: features.dim,
    numClasses,
    kind: modelKind,
    seed: options.seed,
    init,
    ...(options.c !== undefined ? { c: options.c } : {}),
  });
  return {
    config: { kind: 'span-tagger', version: 1, modelKind, features, labelIds: [...options.labelIds], decoding: options.decoding ?? 'viterbi', locale: options.locale ?? 'en' },
    model: trained.model,
    tokens: tags.length,
    skippedSpans: 0,
    weights: trained.weights ?? null,
  };
}

function checkLabelIds(labelIds: readonly number[]): void {
  if (labelIds.length === 0) throw new RangeError('a span tagger needs at least one label');
  if (new Set(labelIds).size !== labelIds.length) throw new RangeError('label ids must be distinct');
}
