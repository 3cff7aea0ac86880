import { measureSpanModel, type TSpanModelMetrics } from './measure-span-model';
import { predictSpans } from './predict-spans';
import { buildSpanDictionary, predictDictionarySpans } from './span-dictionary';
import type { TSpanTagger } from './span-tagger';
import type { TSpan } from './span-types';

export type TSpanTaggerEvaluation = {
  model: TSpanModelMetrics;
  /** The training spans as a dictionary (span-dictionary.ts), on the same items. */
  baseline: TSpanModelMetrics;
  /**
   * The model's exact span F1 above zero and at least the baseline's (a tie is no reason to drop a
   * tagger: on entities that recur, as a closed list does, both find every one, and only the tagger
   * also finds unseen names); null when the evaluation items hold no gold span (nothing to judge by).
   */
  beatsBaseline: boolean | null;
};

type TItem = { text: string; spans: readonly TSpan[] };

/** A tagger and the dictionary baseline scored on held-out items; null without any. */
export function evaluateSpanTagger(tagger: TSpanTagger, { trainItems, evalItems }: { trainItems: readonly TItem[]; evalItems: readonly TItem[] }): TSpanTaggerEvaluation | null {
  if (evalItems.length === 0) return null;
  const { labelIds, locale } = tagger.config;
  const predicted = predictSpans(tagger, evalItems.map((item) => item.text));
  const dictionary = buildSpanDictionary(trainItems, locale);
  const model = measureSpanModel(
    predicted.map((item, i) => ({ tokens: item.tokens, gold: evalItems[i]!.spans, predicted: item.spans })),
    labelIds,
  );
  const baseline = measureSpanModel(
    predicted.map((item, i) => ({ tokens: item.tokens, gold: evalItems[i]!.spans, predicted: predictDictionarySpans(dictionary, evalItems[i]!.text, item.tokens) })),
    labelIds,
  );
  const modelF1 = model.exact.f1 ?? 0;
  return { model, baseline, beatsBaseline: model.exact.gold === 0 ? null : modelF1 > 0 && modelF1 >= (baseline.exact.f1 ?? 0) };
}
