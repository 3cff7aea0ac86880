import { computeWilsonInterval, pickConsensusCategory, type TAgreementAnalysis } from '@/ml/agreement';
import { createFittedModel, scoreRatings } from './consensus';
import type { TProjectRatings } from './ratings';
import { MAX_COUNTED_LEAD_TIME_MS, type TAnnotatorFlag, type TAnnotatorQualityRow, type TProportion } from './quality-types';

/** Fewer gold answers than this say too little about an annotator to compare them with peers. */
export const MIN_GOLD_FOR_FLAG = 10;
export const MIN_SHARED_FOR_FLAG = 20;
/** "Far below": the annotator's 95% upper bound sits this far under the median of their peers. */
export const FLAG_MARGIN = 0.1;

/**
 * One row per annotator: accuracy on gold items, agreement with the consensus of the others,
 * Dawid–Skene's accuracy estimate (the CLI's number), mean kappa with peers, pace, and a flag for
 * anyone far below their peers.
 */
export function computeAnnotatorQuality(ratings: TProjectRatings, analysis: TAgreementAnalysis): TAnnotatorQualityRow[] {
  const { index, ratingRejected, ratingLeadTimeMs, ratingDay, itemGold } = ratings;
  const annotatorCount = index.annotators.length;
  const labels = new Int32Array(annotatorCount);
  const rejected = new Int32Array(annotatorCount);
  const goldSeen = new Int32Array(annotatorCount);
  const goldRight = new Int32Array(annotatorCount);
  const sharedSeen = new Int32Array(annotatorCount);
  const sharedRight = new Int32Array(annotatorCount);
  const timeSpent = new Float64Array(annotatorCount);
  const timedLabels = new Int32Array(annotatorCount);
  const leadTimes: number[][] = Array.from({ length: annotatorCount }, () => []);
  const days: Set<number>[] = Array.from({ length: annotatorCount }, () => new Set());

  const model = createFittedModel(analysis.dawidSkene);
  const k = model.k;
  const othersPosterior = new Float64Array(k);
  for (let i = 0; i < index.items.length; i++) {
    const start = index.itemStart[i]!;
    const end = index.itemStart[i + 1]!;
    for (let s = start; s < end; s++) {
      const a = index.ratingAnnotator[s]!;
      const label = index.ratingLabel[s]!;
      labels[a]!++;
      rejected[a]! += ratingRejected[s]!;
      days[a]!.add(ratingDay[s]!);
      if (ratingLeadTimeMs[s]! >= 0) {
        leadTimes[a]!.push(ratingLeadTimeMs[s]!);
        timeSpent[a]! += Math.min(ratingLeadTimeMs[s]!, MAX_COUNTED_LEAD_TIME_MS);
        timedLabels[a]!++;
      }
      if (itemGold[i]! >= 0) {
        goldSeen[a]!++;
        if (label === itemGold[i]) goldRight[a]!++;
      }
      // Leave-one-out: the consensus this label is compared with must not contain the label itself,
      // or with two or three annotators per item everyone would look good. Rejected labels of the
      // others do not vote.
      const used = scoreRatings(model, index, start, end, (t) => t === s || ratingRejected[t] === 1, othersPosterior, 0);
      if (used === 0) continue;
      sharedSeen[a]!++;
      if (pickConsensusCategory(othersPosterior, 0, k, model.priors) === label) sharedRight[a]!++;
    }
  }

  const peerKappa = summarizePeerKappa(analysis, annotatorCount);
  const estimatedAccuracy = new Map(analysis.report.dawid_skene.annotators.map((row) => [row.annotator, row.accuracy]));
  const rows: TAnnotatorQualityRow[] = ratings.annotators.map(({ userId, annotator }, a) => ({
    userId,
    annotator,
    labels: labels[a]!,
    rejected: rejected[a]!,
    goldAccuracy: toProportion(goldRight[a]!, goldSeen[a]!),
    consensusAgreement: toProportion(sharedRight[a]!, sharedSeen[a]!),
    estimatedAccuracy: estimatedAccuracy.get(annotator) ?? null,
    peerKappa: peerKappa[a] ?? null,
    activeDays: days[a]!.size,
    labelsPerHour: timeSpent[a]! > 0 ? timedLabels[a]! / (timeSpent[a]! / 3_600_000) : null,
    medianLeadTimeMs: median(leadTimes[a]!),
    timeSpentMs: timeSpent[a]!,
    flag: null,
  }));
  return flagAnnotatorsFarBelowPeers(rows);
}

/**
 * Flags an annotator whose accuracy is, with 95% confidence, more than FLAG_MARGIN below the median
 * of their peers: on gold items when they and at least two peers answered enough of them, else on
 * agreement with the consensus of others. Judging by the interval's upper bound keeps a newcomer
 * with a handful of unlucky answers from being flagged.
 */
export function flagAnnotatorsFarBelowPeers(rows: TAnnotatorQualityRow[]): TAnnotatorQualityRow[] {
  const bases = [
    { basis: 'gold' as const, pick: (row: TAnnotatorQualityRow) => row.goldAccuracy, minimum: MIN_GOLD_FOR_FLAG, noun: 'gold accuracy', unit: 'gold items' },
    { basis: 'consensus' as const, pick: (row: TAnnotatorQualityRow) => row.consensusAgreement, minimum: MIN_SHARED_FOR_FLAG, noun: 'agreement with the consensus of others', unit: 'shared items' },
  ];
  return rows.map((row) => {
    for (const { basis, pick, minimum, noun, unit } of bases) {
      const own = pick(row);
      if (!own || own.n < minimum || !own.ci95) continue;
      const peers = rows.filter((other) => other !== row && (pick(other)?.n ?? 0) >= minimum).map((other) => pick(other)!.value);
      if (peers.length < 2) continue;
      const peerMedian = median(peers)!;
      const flag: TAnnotatorFlag | null =
        own.ci95[1] < peerMedian - FLAG_MARGIN
          ? {
              basis,
              value: own.value,
              upper95: own.ci95[1],
              peerMedian,
              reason: `${capitalize(noun)} ${formatPercent(own.value)} (95% CI ${formatPercent(own.ci95[0])}–${formatPercent(own.ci95[1])}, ${own.n} ${unit}) against a peer median of ${formatPercent(peerMedian)}`,
            }
          : null;
      // The first basis with enough data decides, flagged or not.
      return { ...row, flag };
    }
    return row;
  });
}

/** Per annotator, the mean of their defined pairwise kappas weighted by items in common. */
function summarizePeerKappa(analysis: TAgreementAnalysis, annotatorCount: number): (TAnnotatorQualityRow['peerKappa'] | undefined)[] {
  const code = new Map(analysis.index.annotators.map((name, a) => [name, a]));
  const weighted = new Float64Array(annotatorCount);
  const shared = new Float64Array(annotatorCount);
  const peers = new Int32Array(annotatorCount);
  for (const pair of analysis.pairwise.pairs) {
    if (pair.kappa === null) continue;
    for (const name of [pair.a, pair.b]) {
      const a = code.get(name)!;
      weighted[a]! += pair.kappa * pair.n;
      shared[a]! += pair.n;
      peers[a]!++;
    }
  }
  return Array.from({ length: annotatorCount }, (_, a) => (shared[a]! > 0 ? { value: weighted[a]! / shared[a]!, peers: peers[a]!, sharedItems: shared[a]! } : undefined));
}

function toProportion(successes: number, n: number): TProportion {
  return n > 0 ? { value: successes / n, ci95: computeWilsonInterval(successes, n), n } : null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
