import { markUnavailable, type TDisagreementCoefficient, type TMetric } from '../agreement/metric';
import { computeSpanF1 } from './compute-span-f1';
import { computeSpanUnitizingAlpha } from './compute-span-unitizing-alpha';
import { computeTokenAgreement } from './compute-token-agreement';
import type { TSpanItem } from './span-item';

export type TSpanAgreementPair = {
  a: string;
  b: string;
  /** Items both annotated. */
  items: number;
  exactF1: number | null;
  partialF1: number | null;
  tokenKappa: number | null;
  unitizingAlpha: number | null;
};

export type TSpanLabelAgreement = {
  label: string;
  /** Spans with this label, over every answer on the compared items. */
  spans: number;
  exactF1: TMetric;
  partialF1: TMetric;
  /** Binary per token: inside a span of this label or not. */
  tokenAlpha: TDisagreementCoefficient;
  /** This label's uα, averaged over annotator pairs like the overall one. */
  unitizingAlpha: TMetric;
};

export type TSpanAgreementReport = {
  /** Items with two or more answers: the only ones agreement can be measured on. */
  items: number;
  annotators: number;
  answers: number;
  spans: number;
  tokens: number;
  /** Pairwise span F1, pooled over pairs and items (computeSpanF1): exact match, and token-overlap partial credit. */
  exactF1: TMetric;
  partialF1: TMetric;
  /** Token-level Krippendorff's α over all annotators, each token's tag the label covering it or none (IO). */
  tokenAlpha: TDisagreementCoefficient;
  /** Token-level Cohen's κ per pair, averaged (Light's κ). */
  tokenKappa: TMetric;
  /** Krippendorff's unitizing α in token units per pair of annotators, averaged weighting each pair by its shared items. */
  unitizingAlpha: TMetric;
  pairs: TSpanAgreementPair[];
  perLabel: TSpanLabelAgreement[];
};

const TOO_FEW_REASON = 'no item has spans answers from two annotators';

/**
 * Every agreement number of a spans project from the items two or more annotators answered (an
 * item's tokens and each annotator's spans): span F1 between annotators (exact and partial match),
 * token-level α and κ on IO tags, and Krippendorff's unitizing α (uα needs every coder on every unit,
 * so it is computed per pair of annotators on the items they share and averaged, weighted by those
 * items), overall and label by label (`labels`: id and name, in the project's order; labels no
 * answer uses are left out). Items with fewer than two answers add nothing and are not counted.
 */
export function computeSpanAgreementReport(input: readonly TSpanItem[], labels: readonly { id: number; name: string }[]): TSpanAgreementReport {
  const items = input.filter((item) => item.annotations.length >= 2);
  const annotators = new Set(items.flatMap((item) => item.annotations.map((annotation) => annotation.annotator)));
  const answers = items.reduce((sum, item) => sum + item.annotations.length, 0);
  const spans = items.reduce((sum, item) => sum + item.annotations.reduce((n, annotation) => n + annotation.spans.length, 0), 0);
  const tokens = items.reduce((sum, item) => sum + item.tokens.length, 0);
  if (items.length === 0) {
    const none = markUnavailable(TOO_FEW_REASON);
    return { items: 0, annotators: 0, answers: 0, spans: 0, tokens: 0, exactF1: none, partialF1: none, tokenAlpha: none, tokenKappa: none, unitizingAlpha: none, pairs: [], perLabel: [] };
  }
  const f1 = computeSpanF1(items);
  const token = computeTokenAgreement(items, 'io');
  const unitizing = computePairwiseUnitizingAlpha(items);
  const kappaByPair = new Map(token.kappa.pairs.map((pair) => [pairKey(pair.a, pair.b), pair.kappa]));
  const used = new Set(items.flatMap((item) => item.annotations.flatMap((annotation) => annotation.spans.map((span) => span.labelId))));
  const perLabel = labels
    .filter((label) => used.has(label.id))
    .map((label): TSpanLabelAgreement => {
      const only = items.map((item) => ({ ...item, annotations: item.annotations.map((annotation) => ({ ...annotation, spans: annotation.spans.filter((span) => span.labelId === label.id) })) }));
      const labelF1 = computeSpanF1(only);
      return {
        label: label.name,
        spans: only.reduce((sum, item) => sum + item.annotations.reduce((n, annotation) => n + annotation.spans.length, 0), 0),
        exactF1: labelF1.exact,
        partialF1: labelF1.partial,
        tokenAlpha: computeTokenAgreement(only, 'io').alpha,
        unitizingAlpha: unitizing.byCategory.get(label.id) ?? markUnavailable('no pair of annotators gives a value for this label'),
      };
    });
  return {
    items: items.length,
    annotators: annotators.size,
    answers,
    spans,
    tokens,
    exactF1: f1.exact,
    partialF1: f1.partial,
    tokenAlpha: token.alpha,
    tokenKappa: token.kappa.mean,
    unitizingAlpha: unitizing.overall,
    pairs: f1.pairs.map((pair) => ({
      a: pair.a,
      b: pair.b,
      items: pair.items,
      exactF1: pair.exact,
      partialF1: pair.partial,
      tokenKappa: kappaByPair.get(pairKey(pair.a, pair.b)) ?? null,
      unitizingAlpha: unitizing.byPair.get(pairKey(pair.a, pair.b)) ?? null,
    })),
    perLabel,
  };
}

function pairKey(a: string, b: string): string {
  return JSON.stringify(a < b ? [a, b] : [b, a]);
}

/** A mean weighted by shared items over the pairs where the value is defined. */
function createWeightedMean() {
  let sum = 0;
  let weight = 0;
  return {
    add(value: number | null, items: number) {
      if (value === null) return;
      sum += value * items;
      weight += items;
    },
    read(reason: string): TMetric {
      return weight > 0 ? { value: sum / weight, ci95: null } : markUnavailable(reason);
    },
  };
}

/** uα for every pair of annotators on the items both answered; the overall and per-label (category) means. */
function computePairwiseUnitizingAlpha(items: readonly TSpanItem[]) {
  const shared = new Map<string, { a: string; b: string; items: TSpanItem[] }>();
  for (const item of items) {
    const names = [...new Set(item.annotations.map((annotation) => annotation.annotator))].sort();
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const key = pairKey(names[i]!, names[j]!);
        const entry = shared.get(key) ?? { a: names[i]!, b: names[j]!, items: [] };
        entry.items.push(item);
        shared.set(key, entry);
      }
    }
  }
  const byPair = new Map<string, number | null>();
  const overall = createWeightedMean();
  const categories = new Map<number, ReturnType<typeof createWeightedMean>>();
  for (const [key, pair] of shared) {
    const alpha = computeSpanUnitizingAlpha(pair.items, [pair.a, pair.b]);
    byPair.set(key, alpha.value);
    overall.add(alpha.value, alpha.items);
    for (const { category, alpha: categoryAlpha } of alpha.byCategory) {
      const mean = categories.get(category) ?? createWeightedMean();
      mean.add(categoryAlpha.value, alpha.items);
      categories.set(category, mean);
    }
  }
  const byCategory = new Map([...categories].map(([category, mean]) => [category, mean.read('no pair of annotators gives a value for this label')]));
  return { byPair, overall: overall.read('no pair of annotators marked a span on items they share'), byCategory };
}
