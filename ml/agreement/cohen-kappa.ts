import { correctForChance, markUnavailable, NO_RATINGS_REASON, type TAgreementCoefficient, type TMetric } from './metric';
import { resolveRatingIndex, type TIndexOptions, type TRatingIndex, type TRatingsInput } from './ratings';

/** Weighted kappa credits near misses; it only makes sense when the categories are declared in order. */
export type TKappaWeighting = 'none' | 'linear' | 'quadratic';
export type TCohenOptions = TIndexOptions & { weighting?: TKappaWeighting };
export type TCohenKappa = TAgreementCoefficient & { n: number };

export type TCohenPair =
  | { a: string; b: string; n: number; kappa: number }
  | { a: string; b: string; n: number; kappa: null; reason: string };
/** `mean` is Light's kappa: the unweighted mean of the pairwise kappas that are defined. */
export type TPairwiseCohenKappa = { pairs: TCohenPair[]; mean: TMetric };

const SINGLE_LABEL_REASON = 'both annotators gave one and the same label to every shared item, so chance agreement is 1 and kappa is undefined';
const NO_SHARED_ITEMS_REASON = 'the two annotators rated no item in common';

/** Cohen's kappa from a square contingency table: rows are annotator A's labels, columns B's, same category order. */
export function computeCohenKappaFromTable(
  table: readonly (readonly number[])[],
  options: { weighting?: TKappaWeighting } = {},
): TAgreementCoefficient {
  const q = table.length;
  const cells = new Float64Array(q * q);
  table.forEach((row, i) => {
    if (row.length !== q) throw new RangeError(`contingency table must be square: row ${i} has ${row.length} cells, expected ${q}`);
    row.forEach((count, j) => {
      if (!(count >= 0) || !Number.isFinite(count)) throw new RangeError(`contingency table cell [${i}][${j}] must be a non-negative count`);
      cells[i * q + j] = count;
    });
  });
  return computeKappaFromCells(cells, q, options.weighting ?? 'none');
}

/** Cohen's kappa between two annotators over the items both rated. */
export function computeCohenKappa(input: TRatingsInput, annotatorA: string, annotatorB: string, options: TCohenOptions = {}): TCohenKappa {
  const index = resolveRatingIndex(input, options);
  const a = index.annotators.indexOf(annotatorA);
  const b = index.annotators.indexOf(annotatorB);
  if (a < 0 || b < 0) return { ...markUnavailable(`annotator "${a < 0 ? annotatorA : annotatorB}" has no ratings`), n: 0 };
  if (a === b) return { ...markUnavailable('kappa compares two different annotators'), n: 0 };
  const q = index.categories.length;
  const cells = new Float64Array(q * q);
  const { itemStart, ratingAnnotator, ratingLabel, itemWeights } = index;
  let n = 0;
  for (let i = 0; i < index.items.length; i++) {
    const weight = itemWeights ? itemWeights[i]! : 1;
    if (weight === 0) continue;
    let labelA = -1;
    let labelB = -1;
    for (let s = itemStart[i]!; s < itemStart[i + 1]!; s++) {
      if (ratingAnnotator[s] === a) labelA = ratingLabel[s]!;
      else if (ratingAnnotator[s] === b) labelB = ratingLabel[s]!;
    }
    if (labelA < 0 || labelB < 0) continue;
    cells[labelA * q + labelB]! += weight;
    n += weight;
  }
  if (n === 0) return { ...markUnavailable(NO_SHARED_ITEMS_REASON), n };
  return { ...computeKappaFromCells(cells, q, options.weighting ?? 'none'), n };
}

/**
 * Cohen's kappa for every pair of annotators that share at least one item, in one pass over the
 * items (each item adds to the tables of the pairs that rated it), plus their mean.
 */
export function computePairwiseCohenKappa(input: TRatingsInput, options: TCohenOptions = {}): TPairwiseCohenKappa {
  const index = resolveRatingIndex(input, options);
  if (index.ratingCount === 0) return { pairs: [], mean: markUnavailable(NO_RATINGS_REASON) };
  const tables = tabulateAnnotatorPairs(index);
  const annotatorCount = index.annotators.length;
  const q = index.categories.length;
  const pairs: TCohenPair[] = [];
  let kappaSum = 0;
  let definedCount = 0;
  for (const key of [...tables.keys()].sort((x, y) => x - y)) {
    const cells = tables.get(key)!;
    const a = index.annotators[Math.floor(key / annotatorCount)]!;
    const b = index.annotators[key % annotatorCount]!;
    let n = 0;
    for (const count of cells) n += count;
    const kappa = computeKappaFromCells(cells, q, options.weighting ?? 'none');
    if (kappa.value === null) {
      pairs.push({ a, b, n, kappa: null, reason: kappa.reason });
    } else {
      pairs.push({ a, b, n, kappa: kappa.value });
      kappaSum += kappa.value;
      definedCount++;
    }
  }
  if (pairs.length === 0) return { pairs, mean: markUnavailable('no two annotators rated a common item') };
  if (definedCount === 0) return { pairs, mean: markUnavailable('kappa is undefined for every annotator pair') };
  return { pairs, mean: { value: kappaSum / definedCount, ci95: null } };
}

/** Contingency tables keyed by a * annotatorCount + b with a < b (codes in first-seen order). */
function tabulateAnnotatorPairs(index: TRatingIndex): Map<number, Float64Array> {
  const { itemStart, ratingAnnotator, ratingLabel, itemWeights } = index;
  const annotatorCount = index.annotators.length;
  const q = index.categories.length;
  const tables = new Map<number, Float64Array>();
  for (let i = 0; i < index.items.length; i++) {
    const weight = itemWeights ? itemWeights[i]! : 1;
    if (weight === 0) continue;
    const end = itemStart[i + 1]!;
    for (let s = itemStart[i]!; s < end; s++) {
      for (let t = s + 1; t < end; t++) {
        let a = ratingAnnotator[s]!;
        let b = ratingAnnotator[t]!;
        let labelA = ratingLabel[s]!;
        let labelB = ratingLabel[t]!;
        if (a > b) {
          [a, b] = [b, a];
          [labelA, labelB] = [labelB, labelA];
        }
        const key = a * annotatorCount + b;
        let cells = tables.get(key);
        if (!cells) {
          cells = new Float64Array(q * q);
          tables.set(key, cells);
        }
        cells[labelA * q + labelB]! += weight;
      }
    }
  }
  return tables;
}

function computeKappaFromCells(cells: Float64Array, q: number, weighting: TKappaWeighting): TAgreementCoefficient {
  const rowTotals = new Float64Array(q);
  const columnTotals = new Float64Array(q);
  let total = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const count = cells[i * q + j]!;
      rowTotals[i]! += count;
      columnTotals[j]! += count;
      total += count;
    }
  }
  if (total === 0) return markUnavailable(NO_SHARED_ITEMS_REASON);
  let observed = 0;
  let chance = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const credit = agreementWeight(i, j, q, weighting);
      if (credit === 0) continue;
      observed += credit * cells[i * q + j]!;
      chance += credit * rowTotals[i]! * columnTotals[j]!;
    }
  }
  return correctForChance(observed / total, chance / (total * total), SINGLE_LABEL_REASON);
}

function agreementWeight(i: number, j: number, q: number, weighting: TKappaWeighting): number {
  if (i === j) return 1;
  if (weighting === 'none' || q < 2) return 0;
  const distance = Math.abs(i - j) / (q - 1);
  return weighting === 'linear' ? 1 - distance : 1 - distance * distance;
}
