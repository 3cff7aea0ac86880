import { gatherCsrRows } from '../csr-rows';
import { predictRows } from '../predict-rows';
import { countBioClasses, decodeBioGreedy, decodeBioSpans, decodeBioViterbi, type TPredictedSpan } from './bio-tags';
import { listCorpusRows, prepareSpanCorpus, type TSpanCorpus } from './span-corpus';
import type { TBioDecoding, TSpanTagger } from './span-tagger';
import type { TToken } from './span-types';

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
  const corpus = prepareSpanCorpus(texts, null, { features: config.features, labelIds: config.labelIds, locale: config.locale });
  return decodePredictions(tagger, corpus.tokens, corpus.rows.rows > 0 ? predictRows(tagger.model, corpus.rows) : new Float32Array(0), decoding);
}

/**
 * The same for texts of a corpus featurized with the tagger's own feature config (a simulation's
 * items): only their rows are gathered and scored.
 */
export function predictCorpusSpans(tagger: TSpanTagger, corpus: TSpanCorpus, textIndices: ArrayLike<number>, decoding?: TBioDecoding): TPredictedItem[] {
  const rowIndices = listCorpusRows(corpus, textIndices);
  const rows = gatherCsrRows(corpus.rows, rowIndices, rowIndices.length);
  const tokens = Array.from({ length: textIndices.length }, (_, i) => corpus.tokens[textIndices[i]!]!);
  return decodePredictions(tagger, tokens, rows.rows > 0 ? predictRows(tagger.model, rows) : new Float32Array(0), decoding);
}

function decodePredictions(tagger: TSpanTagger, tokenized: readonly TToken[][], allProbs: Float32Array, decoding?: TBioDecoding): TPredictedItem[] {
  const { config } = tagger;
  const k = countBioClasses(config.labelIds.length);
  const decode = (decoding ?? config.decoding) === 'viterbi' ? decodeBioViterbi : decodeBioGreedy;
  let at = 0;
  return tokenized.map((tokens) => {
    const probs = allProbs.slice(at * k, (at + tokens.length) * k);
    at += tokens.length;
    const tags = decode(probs, tokens.length, config.labelIds.length);
    return { tokens, probs, spans: decodeBioSpans(tokens, tags, probs, config.labelIds) };
  });
}
