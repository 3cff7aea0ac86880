import { markUnavailable } from '../agreement/metric';
import { computeUnitizingAlpha, type TContinuumUnit, type TUnitizingAlpha } from './compute-unitizing-alpha';
import { findSpanTokens } from './find-span-tokens';
import type { TSpanItem } from './span-item';

export type TSpanUnitizingAlpha = TUnitizingAlpha & { items: number; tokens: number };

/**
 * uα (computeUnitizingAlpha) for spans, in token units: the items every one of `annotators`
 * annotated are laid end to end as one continuum of tokens (no span crosses an item, and chance
 * placements range over the whole continuum), each span becoming the token range it covers and its
 * label id the category. Items missing any of the annotators are left out (uα has no definition
 * for missing coders), so for a changing crowd call it per annotator pair and average.
 */
export function computeSpanUnitizingAlpha(items: readonly TSpanItem[], annotators: readonly string[]): TSpanUnitizingAlpha {
  const units: TContinuumUnit[] = [];
  let offset = 0;
  let used = 0;
  for (const { tokens, annotations } of items) {
    const byAnnotator = annotators.map((name) => annotations.find((annotation) => annotation.annotator === name));
    if (byAnnotator.some((annotation) => !annotation) || tokens.length === 0) continue;
    byAnnotator.forEach((annotation, coder) => {
      for (const span of annotation!.spans) {
        const [first, end] = findSpanTokens(tokens, span);
        if (end > first) units.push({ coder, start: offset + first, end: offset + end, category: span.labelId });
      }
    });
    offset += tokens.length;
    used++;
  }
  if (used === 0) return { ...markUnavailable('no item was annotated by all of these annotators'), byCategory: [], items: 0, tokens: 0 };
  return { ...computeUnitizingAlpha(offset, annotators.length, units), items: used, tokens: offset };
}
