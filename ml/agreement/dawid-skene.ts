import { pickConsensusCategory, type TConsensus } from './consensus';
import { aggregateMajorityVote } from './majority-vote';
import { resolveRatingIndex, type TIndexOptions, type TRatingIndex, type TRatingsInput } from './ratings';

export type TDawidSkeneOptions = TIndexOptions & {
  /** EM iterations (one M-step then one E-step each); 0 returns the majority-vote start. Default 100. */
  maxIterations?: number;
  /** Stop once no posterior moves by more than this between iterations. Default 1e-6. */
  tolerance?: number;
  /**
   * Pseudo-count added to every confusion cell. A little keeps an annotator with a handful of items
   * from being declared perfect; it shrinks towards "labels are uninformative". Default 0.01.
   */
  smoothing?: number;
  /**
   * Floor on every error rate and prior before taking logs: an error rate of exactly 0 would let one
   * rating veto a class for ever (log 0), and EM could never move it back. Default 1e-6.
   */
  minProbability?: number;
};

export type TAnnotatorQuality = {
  annotator: string;
  ratings: number;
  /** Expected share of this annotator's labels that are correct: Σ over their ratings of P(true class = given label). */
  accuracy: number;
  /** confusion[k][l] = P(annotator says l | true class k); rows follow `categories`. */
  confusion: number[][];
};

export type TDawidSkeneResult = TConsensus & {
  classPriors: number[];
  annotatorQuality: TAnnotatorQuality[];
  iterations: number;
  converged: boolean;
  /** log P(ratings | reported priors and confusions), summed over items. */
  logLikelihood: number;
};

const DEFAULTS = { maxIterations: 100, tolerance: 1e-6, smoothing: 0.01, minProbability: 1e-6 };

/**
 * Dawid & Skene (1979): each annotator has a confusion matrix, each item a latent true class, fit by
 * EM starting from majority-vote posteriors. The E-step sums log-probabilities so items with many
 * ratings do not underflow.
 *
 * Reported priors and confusion matrices come from one last M-step on the reported posteriors, so
 * they describe the same fit: with maxIterations = 0 they are the M-step on the majority vote.
 */
export function aggregateDawidSkene(input: TRatingsInput, options: TDawidSkeneOptions = {}): TDawidSkeneResult {
  const index = resolveRatingIndex(input, options);
  const settings: TEmSettings = {
    maxIterations: options.maxIterations ?? DEFAULTS.maxIterations,
    tolerance: options.tolerance ?? DEFAULTS.tolerance,
    smoothing: options.smoothing ?? DEFAULTS.smoothing,
    minProbability: options.minProbability ?? DEFAULTS.minProbability,
  };
  if (!Number.isInteger(settings.maxIterations) || settings.maxIterations < 0) {
    throw new RangeError(`maxIterations must be a non-negative integer, got ${settings.maxIterations}`);
  }
  if (!(settings.smoothing >= 0) || !(settings.tolerance >= 0) || !(settings.minProbability > 0 && settings.minProbability < 1)) {
    throw new RangeError('smoothing and tolerance must be ≥ 0, and minProbability in (0, 1)');
  }
  const k = index.categories.length;

  let posteriors = Float64Array.from(aggregateMajorityVote(index).posteriors);
  let next = new Float64Array(posteriors.length);
  const model = createModel(index);
  let iterations = 0;
  let converged = index.ratingCount === 0;
  while (!converged && iterations < settings.maxIterations) {
    estimateParameters(index, posteriors, model, settings);
    const change = estimatePosteriors(index, model, posteriors, next);
    [posteriors, next] = [next, posteriors];
    iterations++;
    converged = change < settings.tolerance;
  }
  estimateParameters(index, posteriors, model, settings);

  const consensus = new Int32Array(index.items.length);
  for (let i = 0; i < consensus.length; i++) consensus[i] = pickConsensusCategory(posteriors, i * k, k, model.priors);
  return {
    items: index.items,
    categories: index.categories,
    consensus,
    posteriors,
    classPriors: Array.from(model.priors),
    annotatorQuality: describeAnnotators(index, posteriors, model),
    iterations,
    converged,
    logLikelihood: computeLogLikelihood(index, model),
  };
}

type TEmSettings = typeof DEFAULTS;

type TModel = {
  priors: Float64Array;
  /** annotators × true class × given label. */
  confusion: Float64Array;
  logPriors: Float64Array;
  logConfusion: Float64Array;
};

function createModel(index: TRatingIndex): TModel {
  const k = index.categories.length;
  const size = index.annotators.length * k * k;
  return {
    priors: new Float64Array(k),
    confusion: new Float64Array(size),
    logPriors: new Float64Array(k),
    logConfusion: new Float64Array(size),
  };
}

function estimateParameters(index: TRatingIndex, posteriors: Float64Array, model: TModel, settings: TEmSettings): void {
  const { itemStart, ratingAnnotator, ratingLabel, itemWeights } = index;
  const k = index.categories.length;
  const { priors, confusion } = model;
  priors.fill(0);
  confusion.fill(0);
  let totalWeight = 0;
  for (let i = 0; i < index.items.length; i++) {
    const weight = itemWeights ? itemWeights[i]! : 1;
    if (weight === 0) continue;
    totalWeight += weight;
    for (let c = 0; c < k; c++) priors[c]! += weight * posteriors[i * k + c]!;
    for (let s = itemStart[i]!; s < itemStart[i + 1]!; s++) {
      const base = ratingAnnotator[s]! * k * k + ratingLabel[s]!;
      for (let c = 0; c < k; c++) confusion[base + c * k]! += weight * posteriors[i * k + c]!;
    }
  }
  for (let c = 0; c < k; c++) priors[c] = totalWeight > 0 ? priors[c]! / totalWeight : 1 / k;
  normalizeWithFloor(priors, 0, k, 0, settings.minProbability);
  for (let row = 0; row < confusion.length; row += k) normalizeWithFloor(confusion, row, k, settings.smoothing, settings.minProbability);
  for (let c = 0; c < k; c++) model.logPriors[c] = Math.log(priors[c]!);
  for (let cell = 0; cell < confusion.length; cell++) model.logConfusion[cell] = Math.log(confusion[cell]!);
}

/** Adds `pseudoCount` to each cell, normalises, floors at `floor` and renormalises; an empty row becomes uniform. */
function normalizeWithFloor(values: Float64Array, start: number, length: number, pseudoCount: number, floor: number): void {
  let sum = 0;
  for (let c = start; c < start + length; c++) sum += values[c]! + pseudoCount;
  if (!(sum > 0)) {
    values.fill(1 / length, start, start + length);
    return;
  }
  let flooredSum = 0;
  for (let c = start; c < start + length; c++) {
    values[c] = Math.max((values[c]! + pseudoCount) / sum, floor);
    flooredSum += values[c]!;
  }
  for (let c = start; c < start + length; c++) values[c]! /= flooredSum;
}

/** E-step: writes P(true class | ratings) of every item into `target`; returns the largest change from `previous`. */
function estimatePosteriors(index: TRatingIndex, model: TModel, previous: Float64Array, target: Float64Array): number {
  const k = index.categories.length;
  const posterior = new Float64Array(k);
  let maxChange = 0;
  for (let i = 0; i < index.items.length; i++) {
    computeItemPosterior(index, model, i, posterior);
    for (let c = 0; c < k; c++) {
      maxChange = Math.max(maxChange, Math.abs(posterior[c]! - previous[i * k + c]!));
      target[i * k + c] = posterior[c]!;
    }
  }
  return maxChange;
}

function computeLogLikelihood(index: TRatingIndex, model: TModel): number {
  const posterior = new Float64Array(index.categories.length);
  let logLikelihood = 0;
  for (let i = 0; i < index.items.length; i++) {
    const weight = index.itemWeights ? index.itemWeights[i]! : 1;
    if (weight > 0) logLikelihood += weight * computeItemPosterior(index, model, i, posterior);
  }
  return logLikelihood;
}

/**
 * Fills `posterior` with P(true class | item i's ratings), working in logs and shifting by the
 * largest term before exponentiating; returns log P(item i's ratings).
 */
function computeItemPosterior(index: TRatingIndex, model: TModel, i: number, posterior: Float64Array): number {
  const { itemStart, ratingAnnotator, ratingLabel } = index;
  const { logConfusion, logPriors } = model;
  const k = posterior.length;
  // A plain loop: TypedArray.prototype.set costs more than the copy itself at this size.
  for (let c = 0; c < k; c++) posterior[c] = logPriors[c]!;
  for (let s = itemStart[i]!; s < itemStart[i + 1]!; s++) {
    const base = ratingAnnotator[s]! * k * k + ratingLabel[s]!;
    for (let c = 0; c < k; c++) posterior[c]! += logConfusion[base + c * k]!;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (posterior[c]! > max) max = posterior[c]!;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    posterior[c] = Math.exp(posterior[c]! - max);
    sum += posterior[c]!;
  }
  for (let c = 0; c < k; c++) posterior[c]! /= sum;
  return max + Math.log(sum);
}

function describeAnnotators(index: TRatingIndex, posteriors: Float64Array, model: TModel): TAnnotatorQuality[] {
  const { itemStart, ratingAnnotator, ratingLabel, itemWeights } = index;
  const k = index.categories.length;
  const annotatorCount = index.annotators.length;
  const ratingWeight = new Float64Array(annotatorCount);
  const correctWeight = new Float64Array(annotatorCount);
  for (let i = 0; i < index.items.length; i++) {
    const weight = itemWeights ? itemWeights[i]! : 1;
    for (let s = itemStart[i]!; s < itemStart[i + 1]!; s++) {
      const a = ratingAnnotator[s]!;
      ratingWeight[a]! += weight;
      correctWeight[a]! += weight * posteriors[i * k + ratingLabel[s]!]!;
    }
  }
  return index.annotators.map((annotator, a) => ({
    annotator,
    // On a collapsed (pattern) index a rating stands for as many ratings as its pattern has items.
    ratings: ratingWeight[a]!,
    accuracy: ratingWeight[a]! > 0 ? correctWeight[a]! / ratingWeight[a]! : 0,
    confusion: Array.from({ length: k }, (_, c) => Array.from(model.confusion.subarray((a * k + c) * k, (a * k + c + 1) * k))),
  }));
}
