import { populationStabilityIndex, type TStabilityBin } from './population-stability';
import { ksCriticalDistance, survivalKsDistance, type TSurvivalPoint } from './survival-ks';

export const DRIFT_VERDICTS = [
  /** Too few live scores, or no calibration curve, to say anything. */
  'insufficient',
  /** Within what chance alone produces. */
  'stable',
  /** More than chance, but small (PSI below 0.1). */
  'slight',
  /** PSI 0.1 to 0.25. */
  'moderate',
  /** PSI 0.25 or more: the model now sees a different population. */
  'major',
] as const;
export type TDriftVerdict = (typeof DRIFT_VERDICTS)[number];

/** Fewer live scores than this say nothing about a distribution. */
export const MIN_LIVE_SCORES = 30;
/** The KS test's level: the dashboard is read often, so a chance gap should rarely be called drift. */
export const DRIFT_TEST_LEVEL = 0.01;

export type TScoreDrift = {
  verdict: TDriftVerdict;
  live: number;
  reference: number;
  ks: number;
  /** Where the survival functions differ most (null without a gap). */
  ksThreshold: number | null;
  ksCritical: number | null;
  psi: number;
  bins: TStabilityBin[];
};

/**
 * Has the score distribution moved since calibration? The KS distance says whether the live scores
 * differ from the calibration scores more than chance would (at DRIFT_TEST_LEVEL), the population
 * stability index how much, read on the usual scale (Siddiqi, Credit Risk Scorecards, 2006: below
 * 0.1 no real change, 0.1–0.25 moderate, above 0.25 major). A significant gap is graded by the PSI;
 * a large PSI within chance (few live scores) is not called drift.
 */
export function assessScoreDrift({ liveScores, reference, referenceSize }: { liveScores: readonly number[]; reference: readonly TSurvivalPoint[]; referenceSize: number }): TScoreDrift {
  const sorted = Float64Array.from(liveScores).sort();
  const { distance, threshold } = survivalKsDistance(sorted, reference);
  const { index, bins } = populationStabilityIndex(sorted, reference);
  const base = { live: sorted.length, reference: referenceSize, ks: distance, ksThreshold: threshold, psi: index, bins };
  if (sorted.length < MIN_LIVE_SCORES || reference.length === 0 || referenceSize <= 0) return { ...base, verdict: 'insufficient', ksCritical: null };
  const ksCritical = ksCriticalDistance(referenceSize, sorted.length, DRIFT_TEST_LEVEL);
  return { ...base, ksCritical, verdict: gradeDrift(distance > ksCritical, index) };
}

function gradeDrift(isSignificant: boolean, psi: number): TDriftVerdict {
  if (!isSignificant) return 'stable';
  if (psi >= 0.25) return 'major';
  if (psi >= 0.1) return 'moderate';
  return 'slight';
}
