import {
  computeBootstrapCis,
  computeKrippendorffAlpha,
  computePercentAgreement,
  weightRatingIndex,
  type TAgreementAnalysis,
  type TReportedMetric,
} from '@/ml/agreement';
import { formatDay } from './activity';
import type { TProjectRatings } from './ratings';
import type { TAgreementOverTimePoint, TQualitySnapshot } from './quality-types';

/** Periods are chosen so that there are at most about this many points. */
const MAX_POINTS = 60;
/** Fewer resamples than the headline numbers: there is one interval per period. */
export const OVER_TIME_BOOTSTRAP_SAMPLES = 200;

type TPeriod = TQualitySnapshot['agreementOverTime']['period'];

/**
 * Krippendorff's alpha (with a bootstrap interval) and percent agreement per day, week or month,
 * over the items whose last annotation fell in that period: a drop shows when guidelines or the
 * team changed. Each period is the collapsed ratings with only that period's items weighted in, so
 * a period costs what its distinct rating patterns cost.
 */
export function computeAgreementOverTime(ratings: TProjectRatings, analysis: TAgreementAnalysis, seed: number): TQualitySnapshot['agreementOverTime'] {
  const { index, ratingDay } = ratings;
  const { patternOf, index: patterns } = analysis.collapsed;
  const itemDay = new Int32Array(index.items.length).fill(-1);
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (let i = 0; i < index.items.length; i++) {
    const start = index.itemStart[i]!;
    const end = index.itemStart[i + 1]!;
    if (end - start < 2) continue;
    let day = -Infinity;
    for (let s = start; s < end; s++) day = Math.max(day, ratingDay[s]!);
    itemDay[i] = day;
    firstDay = Math.min(firstDay, day);
    lastDay = Math.max(lastDay, day);
  }
  if (lastDay < firstDay) return { period: 'day', points: [] };
  const period: TPeriod = lastDay - firstDay < MAX_POINTS ? 'day' : lastDay - firstDay < MAX_POINTS * 7 ? 'week' : 'month';

  const periodWeights = new Map<number, Float64Array>();
  for (let i = 0; i < itemDay.length; i++) {
    if (itemDay[i]! < 0) continue;
    const start = startOfPeriod(itemDay[i]!, period);
    let weights = periodWeights.get(start);
    if (!weights) {
      weights = new Float64Array(patterns.items.length);
      periodWeights.set(start, weights);
    }
    weights[patternOf[i]!]!++;
  }
  const points: TAgreementOverTimePoint[] = [...periodWeights.entries()]
    .sort(([x], [y]) => x - y)
    .map(([start, weights]) => {
      const data = weightRatingIndex(patterns, weights);
      const alpha = computeKrippendorffAlpha(data);
      let items = 0;
      for (const weight of weights) items += weight;
      let reported: TReportedMetric;
      if (alpha.value === null) {
        reported = { value: null, reason: alpha.reason };
      } else {
        const interval = computeBootstrapCis(data, { alpha: computeKrippendorffAlpha }, { samples: OVER_TIME_BOOTSTRAP_SAMPLES, seed }).alpha;
        reported = { value: alpha.value, ci95: interval.ci95 };
      }
      return { start: formatDay(start), items, alpha: reported, percentAgreement: computePercentAgreement(data).value };
    });
  return { period, points };
}

/** Day number of the Monday of the week, or of the 1st of the month (UTC). */
function startOfPeriod(day: number, period: TPeriod): number {
  if (period === 'day') return day;
  if (period === 'week') return day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  const date = new Date(day * 86_400_000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000;
}
