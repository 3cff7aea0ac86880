import { clopperPearsonUpper } from './clopper-pearson';
import { certifyTally } from './learn-then-test';
import { createThresholdTally, type ThresholdTally, type ThresholdTallyBuilder } from './threshold-tally';

export type LabelCertification = {
  label: string;
  /** The target this label was certified for; null when it has none (its cases always go to people). */
  minPrecision: number | null;
  /** Calibration cases the model predicted as this label. */
  predicted: number;
  threshold: number | null;
  /** Of those, the ones at or above the threshold (decided automatically), and the wrong ones among them. */
  cases: number;
  errors: number;
  /** Clopper–Pearson upper bound at 1 − δ/L on the share of them that are wrong (1 when none). */
  errorUpperBound: number;
  /** Share of this label's predicted cases at or above its threshold. */
  coverage: number;
};

export type PerLabelCertification = {
  labels: LabelCertification[];
  /** δ/L: the error level each of the L labels with a target was tested at. */
  deltaPerLabel: number;
  /** Share of all calibration cases decided automatically, whatever their label. */
  coverage: number;
  cases: number;
  errors: number;
  /**
   * Clopper–Pearson upper bound at 1 − δ on the error rate of all automatic cases pooled. It
   * describes this calibration set (the thresholds were chosen on it); what is guaranteed is each
   * label's precision, and so a pooled error of at most the largest 1 − minPrecision.
   */
  errorUpperBound: number;
  calibrationSize: number;
};

/**
 * A threshold per predicted label, each certified by Learn then Test (learn-then-test.ts) for that
 * label's own minimum precision: among the cases the model predicts as ℓ, an error is a case that
 * truly belongs to another label, and α_ℓ = 1 − minPrecision_ℓ. Each of the L labels with a
 * target is tested at δ/L (Bonferroni), so with probability ≥ 1 − δ every certified label's
 * precision above its threshold is at least its target, all of them at once. The targets (and so
 * L) must be fixed before the calibration data is seen. A label without a target gets no
 * threshold: its cases always go to people.
 */
export function certifyPerLabel({
  scores,
  predicted,
  isError,
  minPrecision,
  grid,
  delta,
}: {
  scores: ArrayLike<number>;
  /** The label the model predicted for each case. */
  predicted: readonly string[];
  /** Whether that prediction was wrong (1) or right (0). */
  isError: ArrayLike<number>;
  /** Minimum precision per label, each in (0, 1). */
  minPrecision: Readonly<Record<string, number>>;
  grid: readonly number[];
  delta: number;
}): PerLabelCertification {
  if (scores.length !== predicted.length || scores.length !== isError.length) {
    throw new RangeError(`${scores.length} scores for ${predicted.length} predictions and ${isError.length} outcomes`);
  }
  const builders = new Map<string, ThresholdTallyBuilder>();
  for (let i = 0; i < scores.length; i++) {
    let builder = builders.get(predicted[i]!);
    if (!builder) builders.set(predicted[i]!, (builder = createThresholdTally(grid)));
    builder.add(scores[i]!, Boolean(isError[i]));
  }
  const tallies = new Map([...builders].map(([label, builder]) => [label, builder.finish()]));
  return certifyPerLabelTallies({ tallies, minPrecision, grid, delta });
}

/** certifyPerLabel on cases already counted per predicted label and threshold (a streamed file). */
export function certifyPerLabelTallies({
  tallies,
  minPrecision,
  grid,
  delta,
}: {
  tallies: ReadonlyMap<string, ThresholdTally>;
  minPrecision: Readonly<Record<string, number>>;
  /** The grid every tally was counted on; a label without predictions is tallied on it empty. */
  grid: readonly number[];
  delta: number;
}): PerLabelCertification {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`δ must be in (0, 1), got ${delta}`);
  const targets = Object.entries(minPrecision);
  if (targets.length === 0) throw new RangeError('give at least one label a minimum precision');
  for (const [label, precision] of targets) {
    if (!(precision > 0 && precision < 1)) throw new RangeError(`the minimum precision of "${label}" must be in (0, 1), got ${precision}`);
  }
  for (const [label, tally] of tallies) {
    if (tally.grid.length !== grid.length || tally.grid.some((lambda, j) => lambda !== grid[j])) throw new RangeError(`the cases of "${label}" were tallied on another grid`);
  }
  const deltaPerLabel = delta / targets.length;
  const empty = createThresholdTally(grid).finish();
  const names = [...new Set([...tallies.keys(), ...targets.map(([label]) => label)])].sort();
  let calibrationSize = 0;
  for (const tally of tallies.values()) calibrationSize += tally.total;
  const labels = names.map((label): LabelCertification => {
    const tally = tallies.get(label) ?? empty;
    const precision = Object.hasOwn(minPrecision, label) ? minPrecision[label]! : null;
    if (precision === null) {
      return { label, minPrecision: null, predicted: tally.total, threshold: null, cases: 0, errors: 0, errorUpperBound: 1, coverage: 0 };
    }
    const certification = certifyTally({ tally, alpha: 1 - precision, delta: deltaPerLabel });
    return {
      label,
      minPrecision: precision,
      predicted: tally.total,
      threshold: certification.threshold,
      cases: certification.cases,
      errors: certification.errors,
      errorUpperBound: certification.errorUpperBound,
      coverage: certification.coverage,
    };
  });
  const cases = labels.reduce((sum, label) => sum + label.cases, 0);
  const errors = labels.reduce((sum, label) => sum + label.errors, 0);
  return {
    labels,
    deltaPerLabel,
    coverage: calibrationSize === 0 ? 0 : cases / calibrationSize,
    cases,
    errors,
    errorUpperBound: cases === 0 ? 1 : clopperPearsonUpper(errors, cases, delta),
    calibrationSize,
  };
}
