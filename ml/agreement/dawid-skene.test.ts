import { describe, expect, it } from 'vitest';
import { aggregateDawidSkene } from './dawid-skene';
import { aggregateMajorityVote } from './majority-vote';
import { convertTasksToRatings, DAWID_SKENE_TASKS } from './published-examples';
import { createRng } from '@/ml/random';
import type { TRating } from './ratings';

const TASKS = convertTasksToRatings(DAWID_SKENE_TASKS);
const probabilityOfNo = (posteriors: Float64Array) => Array.from({ length: posteriors.length / 2 }, (_, i) => posteriors[2 * i]!);

describe('aggregateDawidSkene on the five-task walk-through', () => {
  it('after the majority-vote start and one M-step: priors (no, yes) = 0.46 / 0.54', () => {
    const start = aggregateDawidSkene(TASKS, { categories: ['no', 'yes'], maxIterations: 0 });
    expect(start.classPriors[0]).toBeCloseTo(0.46, 10);
    expect(start.classPriors[1]).toBeCloseTo(0.54, 10);
    expect(probabilityOfNo(start.posteriors)).toEqual([0.5, 0.4, 0.6, 0, 0.8]);
    expect(start.iterations).toBe(0);
  });

  it('after one more EM iteration: P(no) ≈ .35, .26, .87, 0, .95 and priors 0.49 / 0.51', () => {
    const published = [0.35, 0.26, 0.87, 0, 0.95];
    const once = aggregateDawidSkene(TASKS, { categories: ['no', 'yes'], maxIterations: 1, smoothing: 0 });
    probabilityOfNo(once.posteriors).forEach((p, i) => expect(p).toBeCloseTo(published[i]!, 2));
    expect(once.classPriors[0]).toBeCloseTo(0.49, 2);
    expect(once.classPriors[1]).toBeCloseTo(0.51, 2);
    expect(once.iterations).toBe(1);
    expect(once.converged).toBe(false);
  });

  it('stays within rounding of the published numbers with the default smoothing', () => {
    const once = aggregateDawidSkene(TASKS, { categories: ['no', 'yes'], maxIterations: 1 });
    probabilityOfNo(once.posteriors).forEach((p, i) => expect(Math.abs(p - [0.35, 0.26, 0.87, 0, 0.95][i]!)).toBeLessThan(0.01));
  });

  it('runs to convergence with rows of every confusion matrix summing to 1 and likelihood not decreasing', () => {
    const likelihoods = [0, 1, 2, 5, 50].map((maxIterations) => aggregateDawidSkene(TASKS, { maxIterations, smoothing: 0 }).logLikelihood);
    for (let step = 1; step < likelihoods.length; step++) expect(likelihoods[step]!).toBeGreaterThanOrEqual(likelihoods[step - 1]! - 1e-9);
    const fit = aggregateDawidSkene(TASKS);
    expect(fit.converged).toBe(true);
    for (const { confusion } of fit.annotatorQuality) {
      for (const row of confusion) expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    }
  });
});

describe('aggregateDawidSkene against a spammer', () => {
  // 2000 items, three classes, every item labelled by four honest annotators of mixed accuracy and
  // one spammer who answers uniformly at random.
  const ACCURACY: Record<string, number> = { good1: 0.85, good2: 0.75, good3: 0.65, good4: 0.6, spammer: 1 / 3 };
  const rng = createRng(2024);
  const truth: number[] = [];
  const ratings: TRating[] = [];
  for (let i = 0; i < 2000; i++) {
    const label = rng.int(3);
    truth.push(label);
    for (const [annotator, accuracy] of Object.entries(ACCURACY)) {
      const given = annotator === 'spammer' ? rng.int(3) : rng.next() < accuracy ? label : (label + 1 + rng.int(2)) % 3;
      ratings.push({ item: `i${i}`, annotator, label: String(given) });
    }
  }
  const categories = ['0', '1', '2'];
  const scoreAgainstTruth = (consensus: Int32Array) => consensus.reduce((hits, label, i) => hits + (label === truth[i] ? 1 : 0), 0) / truth.length;

  const fit = aggregateDawidSkene(ratings, { categories });

  it('estimates the spammer at chance and the others near their true accuracy', () => {
    const estimated = Object.fromEntries(fit.annotatorQuality.map((quality) => [quality.annotator, quality.accuracy]));
    expect(estimated.spammer).toBeLessThan(0.4);
    for (const [annotator, accuracy] of Object.entries(ACCURACY)) expect(Math.abs(estimated[annotator]! - accuracy)).toBeLessThan(0.05);
  });

  it('recovers the true labels better than majority vote', () => {
    const dawidSkene = scoreAgainstTruth(fit.consensus);
    const majority = scoreAgainstTruth(aggregateMajorityVote(ratings, { categories }).consensus);
    expect(dawidSkene).toBeGreaterThan(majority + 0.03);
  });
});

describe('aggregateDawidSkene edge cases', () => {
  it('returns an empty fit for no ratings', () => {
    const fit = aggregateDawidSkene([]);
    expect(fit).toMatchObject({ iterations: 0, converged: true, annotatorQuality: [], classPriors: [] });
  });

  it('gives certainty when only one category exists', () => {
    const fit = aggregateDawidSkene([
      { item: 'x', annotator: 'A', label: 'cat' },
      { item: 'x', annotator: 'B', label: 'cat' },
    ]);
    expect(Array.from(fit.posteriors)).toEqual([1]);
    expect(fit.annotatorQuality.map((quality) => quality.accuracy)).toEqual([1, 1]);
  });

  it('rejects settings that would make EM meaningless', () => {
    expect(() => aggregateDawidSkene(TASKS, { maxIterations: -1 })).toThrow(RangeError);
    expect(() => aggregateDawidSkene(TASKS, { minProbability: 0 })).toThrow(RangeError);
  });
});
