import { trainClassifier } from '../train';
import type { ClassifierKind } from '../model-kinds';
import { countBioClasses, encodeBioTags } from './bio-tags';
import { createRowBuilder, createTokenFeatureConfig } from './featurize-tokens';
import type { TBioDecoding, TSpanTagger } from './span-tagger';
import type { TSpan } from './span-types';
import { tokenizeText } from './tokenize-text';

export type TSpanTrainingItem = { text: string; spans: readonly TSpan[] };

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
};

export type TTrainedSpanTagger = TSpanTagger & {
  /** Token rows trained on. */
  tokens: number;
  /** Spans BIO could not hold (overlapping an earlier one) or with an unknown label. */
  skippedSpans: number;
};

/**
 * Trains a per-token BIO classifier on labeled items (every token of every item is a training
 * row: tokens outside the spans teach O). Features: featurizeTokens. The classifier is ml/train's
 * (softmax regression fitted by L-BFGS, or the MLP), so it serialises like every other model.
 */
export async function trainSpanTagger(items: readonly TSpanTrainingItem[], options: TTrainSpanTaggerOptions): Promise<TTrainedSpanTagger> {
  if (options.labelIds.length === 0) throw new RangeError('a span tagger needs at least one label');
  if (new Set(options.labelIds).size !== options.labelIds.length) throw new RangeError('label ids must be distinct');
  const locale = options.locale ?? 'en';
  const features = createTokenFeatureConfig({ dim: options.dim, seed: options.seed });
  const builder = createRowBuilder(features);
  const labels: number[] = [];
  let skippedSpans = 0;
  for (const { text, spans } of items) {
    const tokens = tokenizeText(text, locale);
    const { tags, skipped } = encodeBioTags(tokens, spans, options.labelIds);
    skippedSpans += skipped;
    builder.addText(text, tokens);
    for (const tag of tags) labels.push(tag);
  }
  if (labels.length === 0) throw new RangeError('the training items have no tokens');
  const rows = builder.finish();
  const modelKind = options.modelKind ?? 'softmax';
  const numClasses = countBioClasses(options.labelIds.length);
  const trained = await trainClassifier({
    rows,
    y: Int32Array.from(labels),
    dim: features.dim,
    numClasses,
    kind: modelKind,
    seed: options.seed,
    ...(options.c !== undefined ? { c: options.c } : {}),
  });
  return {
    config: { kind: 'span-tagger', version: 1, modelKind, features, labelIds: [...options.labelIds], decoding: options.decoding ?? 'viterbi', locale },
    model: trained.model,
    tokens: labels.length,
    skippedSpans,
  };
}
