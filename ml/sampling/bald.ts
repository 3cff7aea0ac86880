import { computeRowEntropy, countRows } from './probability-rows';

/**
 * BALD (Houlsby et al. 2011; Gal et al. 2017): mutual information between the label
 * and the weights, estimated from T MC-dropout samples as
 * H[mean_t p_t] − mean_t H[p_t]. High when the samples are each confident but disagree.
 */
export function scoreBald(samples: readonly Float32Array[], numClasses: number): Float32Array {
  const first = samples[0];
  if (!first) throw new RangeError('BALD needs at least one MC-dropout sample');
  const n = countRows(first, numClasses);
  for (const sample of samples) {
    if (sample.length !== first.length) throw new RangeError('MC-dropout samples differ in shape');
  }
  const t = samples.length;
  const mean = new Float32Array(numClasses);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    mean.fill(0);
    let meanOfEntropies = 0;
    for (const sample of samples) {
      for (let c = 0; c < numClasses; c++) mean[c]! += sample[i * numClasses + c]! / t;
      meanOfEntropies += computeRowEntropy(sample, numClasses, i) / t;
    }
    // Jensen makes this ≥ 0; rounding can dip a hair below.
    scores[i] = Math.max(0, computeRowEntropy(mean, numClasses, 0) - meanOfEntropies);
  }
  return scores;
}
