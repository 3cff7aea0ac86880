/**
 * A calibration set seen through a descending threshold grid: for each grid[j], how many cases
 * score at or above it and how many of those the model got wrong. It is all that every
 * certification form needs, and it takes memory in proportion to the grid, not to the data, so a
 * calibration file of any length is tallied as it streams.
 */
export type ThresholdTally = {
  grid: readonly number[];
  /** cases[j]: cases with score ≥ grid[j]; non-decreasing in j. */
  cases: number[];
  /** errors[j]: the wrong ones among them. */
  errors: number[];
  /** Every case, including those below the last threshold. */
  total: number;
};

export type ThresholdTallyBuilder = {
  add(score: number, isError: boolean): void;
  finish(): ThresholdTally;
};

export function assertDescendingGrid(grid: readonly number[]): void {
  for (let g = 0; g < grid.length; g++) {
    if (!Number.isFinite(grid[g])) throw new RangeError(`threshold ${g} of the grid is not a number`);
    if (g > 0 && !(grid[g]! < grid[g - 1]!)) throw new RangeError('the threshold grid must be strictly descending');
  }
}

/** Cases are added one at a time; each lands in the bucket of the highest threshold it clears. */
export function createThresholdTally(grid: readonly number[]): ThresholdTallyBuilder {
  assertDescendingGrid(grid);
  const bucketCases = new Float64Array(grid.length);
  const bucketErrors = new Float64Array(grid.length);
  let total = 0;
  return {
    add(score, isError) {
      if (!Number.isFinite(score)) throw new RangeError(`a score must be a finite number, got ${score}`);
      total++;
      // The first j with grid[j] ≤ score, by bisection over the descending grid; the same `score ≥ λ`
      // comparison as a direct count, so a score equal to a threshold clears it.
      let low = 0;
      let high = grid.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (score >= grid[mid]!) high = mid;
        else low = mid + 1;
      }
      if (low === grid.length) return;
      bucketCases[low]!++;
      if (isError) bucketErrors[low]!++;
    },
    finish() {
      const cases: number[] = [];
      const errors: number[] = [];
      let n = 0;
      let k = 0;
      for (let j = 0; j < grid.length; j++) {
        n += bucketCases[j]!;
        k += bucketErrors[j]!;
        cases.push(n);
        errors.push(k);
      }
      return { grid: [...grid], cases, errors, total };
    },
  };
}

export function tallyThresholds({ scores, isError, grid }: { scores: ArrayLike<number>; isError: ArrayLike<number | boolean>; grid: readonly number[] }): ThresholdTally {
  if (scores.length !== isError.length) throw new RangeError(`${scores.length} scores for ${isError.length} outcomes`);
  const tally = createThresholdTally(grid);
  for (let i = 0; i < scores.length; i++) tally.add(scores[i]!, Boolean(isError[i]));
  return tally.finish();
}
