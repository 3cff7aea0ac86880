import type * as tf from '@tensorflow/tfjs';
import type { ClassifierKind } from '../model-kinds';
import type { TTokenFeatureConfig } from './featurize-tokens';

/** How token tags become spans: constrained Viterbi (default, measured better in bench/results/spans.json) or argmax with the conlleval repair. */
export type TBioDecoding = 'viterbi' | 'greedy';

/** Everything besides the weights that prediction needs; JSON, stored beside the model (tfjs userDefinedMetadata). */
export type TSpanTaggerConfig = {
  kind: 'span-tagger';
  version: 1;
  modelKind: ClassifierKind;
  features: TTokenFeatureConfig;
  /** Project label ids in class order: class 1 + 2i is B of labelIds[i], 2 + 2i its I, 0 is O. */
  labelIds: number[];
  decoding: TBioDecoding;
  /** Locale for word segmentation (tokenizeText). */
  locale: string;
};

/** A trained token classifier: a tfjs model (n×dim token rows → BIO class probabilities) and its config. */
export type TSpanTagger = { config: TSpanTaggerConfig; model: tf.LayersModel };
