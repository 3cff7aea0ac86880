import { predictRows } from '../predict-rows';
import { countBioClasses, decodeBioGreedy, decodeBioSpans, decodeBioViterbi, type TPredictedSpan } from './bio-tags';
import { createRowBuilder } from './featurize-tokens';
import type { TBioDecoding, TSpanTagger } from './span-tagger';
import type { TToken } from './span-types';
import { tokenizeText } from './tokenize-text';

export type TPredictedItem = {
  tokens: TToken[];
  /** tokens.length × classes, row-major (class order: see TSpanTaggerConfig.labelIds). */
  probs: Float32Array;
  /** Decoded spans in text order, each with its confidence (min token probability of its tags). */
  spans: TPredictedSpan[];
};

/**
 * Pre-annotations for texts: tokenize, featurize all tokens in one batch, one predict call, then
 * decode each text's tags to spans (config.decoding unless `decoding` overrides it). Keep spans
 * above a confidence cut to pre-fill the editor (bench/results/spans.json measures the cut).
 */
export function predictSpans(tagger: TSpanTagger, texts: readonly string[], decoding?: TBioDecoding): TPredictedItem[] {
  const { config } = tagger;
  const k = countBioClasses(config.labelIds.length);
  const builder = createRowBuilder(config.features);
  const tokenized = texts.map((text) => {
    const tokens = tokenizeText(text, config.locale);
    builder.addText(text, tokens);
    return tokens;
  });
  const rows = builder.finish();
  const allProbs = rows.rows > 0 ? predictRows(tagger.model, rows) : new Float32Array(0);
  const decode = (decoding ?? config.decoding) === 'viterbi' ? decodeBioViterbi : decodeBioGreedy;
  let at = 0;
  return tokenized.map((tokens) => {
    const probs = allProbs.slice(at * k, (at + tokens.length) * k);
    at += tokens.length;
    const tags = decode(probs, tokens.length, config.labelIds.length);
    return { tokens, probs, spans: decodeBioSpans(tokens, tags, probs, config.labelIds) };
  });
}
