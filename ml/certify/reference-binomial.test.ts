import { describe, expect, it } from 'vitest';
import { binomialCdf } from './binomial-cdf';
import { clopperPearsonUpper } from './clopper-pearson';
import { clopperPearsonUpperByBeta, decimalToRatio, exactBinomialCdf, isRatioAtMost, ratioToNumber, regularizedIncompleteBeta } from './testing/reference-binomial';

describe('the independent reference', () => {
  it('sums the binomial tail exactly', () => {
    const half = exactBinomialCdf(10, decimalToRatio(0.5), 5);
    expect(half.num * 1024n).toBe(638n * half.den);
    // 0.9³ + 3·0.1·0.9² = 0.972.
    const tenth = exactBinomialCdf(3, decimalToRatio(0.1), 1);
    expect(isRatioAtMost(tenth, { num: 972n, den: 1000n }) && isRatioAtMost({ num: 972n, den: 1000n }, tenth)).toBe(true);
    expect(decimalToRatio(0.01)).toEqual({ num: 1n, den: 100n });
    expect(ratioToNumber({ num: 1n, den: 3n * 10n ** 400n })).toBeCloseTo(0, 300);
    expect(ratioToNumber({ num: 10n ** 400n, den: 3n * 10n ** 400n })).toBeCloseTo(1 / 3, 15);
  });

  it('computes the incomplete beta function where it has a closed form', () => {
    for (const x of [0.01, 0.3, 0.5, 0.77, 0.999]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 13);
      expect(regularizedIncompleteBeta(x, 4, 1)).toBeCloseTo(x ** 4, 13);
      expect(regularizedIncompleteBeta(x, 1, 7)).toBeCloseTo(1 - (1 - x) ** 7, 13);
    }
  });

  it('gives the published Clopper–Pearson bounds', () => {
    // Exact 95% intervals: 0/10 → [0, 0.3085], 1/10 → [0.0025, 0.4450], 5/10 → [0.1871, 0.8129]; one-sided 95% for 1/10: 0.3942.
    expect(clopperPearsonUpperByBeta(0, 10, 0.025)).toBeCloseTo(0.3085, 4);
    expect(clopperPearsonUpperByBeta(1, 10, 0.025)).toBeCloseTo(0.445, 4);
    expect(clopperPearsonUpperByBeta(5, 10, 0.025)).toBeCloseTo(0.8129, 4);
    expect(clopperPearsonUpperByBeta(1, 10, 0.05)).toBeCloseTo(0.3942, 4);
  });
});

describe('binomialCdf against exact rational sums', () => {
  it('agrees to 1e-10 relative over small and large n, rare and common errors, every part of the tail', () => {
    let compared = 0;
    for (const n of [1, 2, 5, 17, 60, 150, 400]) {
      for (const p of [0.001, 0.01, 0.05, 0.1, 0.3, 0.5, 0.9]) {
        for (const k of new Set([0, 1, Math.floor(n * p), Math.ceil(n * p) + 2, Math.floor(n / 2), n - 1].filter((k) => k >= 0 && k < n))) {
          const exact = ratioToNumber(exactBinomialCdf(n, decimalToRatio(p), k));
          const computed = binomialCdf(n, p, k);
          expect(Math.abs(computed - exact), `n ${n}, p ${p}, k ${k}`).toBeLessThanOrEqual(1e-10 * exact + 1e-300);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('decides p ≤ δ as exact arithmetic does, at the published sample sizes and one case short of them', () => {
    // Demonstrating 99% reliability with 95% confidence takes 299 cases with no failure, 473 with one,
    // 628 with two, 773 with three (the reliability engineer's success-run tables).
    const alpha = decimalToRatio(0.01);
    const delta = decimalToRatio(0.05);
    for (const [k, n] of [[0, 299], [1, 473], [2, 628], [3, 773]] as const) {
      expect(isRatioAtMost(exactBinomialCdf(n, alpha, k), delta), `k ${k}, n ${n}`).toBe(true);
      expect(isRatioAtMost(exactBinomialCdf(n - 1, alpha, k), delta), `k ${k}, n ${n - 1}`).toBe(false);
      expect(binomialCdf(n, 0.01, k)).toBeLessThanOrEqual(0.05);
      expect(binomialCdf(n - 1, 0.01, k)).toBeGreaterThan(0.05);
    }
  });
});

describe('clopperPearsonUpper against the incomplete beta function', () => {
  it('agrees to 1e-9 from 5 to 5,000 cases', () => {
    for (const n of [5, 20, 100, 1000, 5000]) {
      for (const k of new Set([0, 1, Math.floor(n / 20), Math.floor(n / 2), n - 1])) {
        for (const delta of [0.01, 0.05, 0.2]) {
          expect(Math.abs(clopperPearsonUpper(k, n, delta) - clopperPearsonUpperByBeta(k, n, delta)), `k ${k}, n ${n}, δ ${delta}`).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('certifies α exactly when the binomial test does: P(Bin(n, α) ≤ k) ≤ δ ⇔ upper bound ≤ α', () => {
    for (const [k, n] of [[0, 299], [3, 200], [12, 400], [40, 1000]] as const) {
      for (const alpha of [0.01, 0.02, 0.05, 0.1]) {
        const bound = clopperPearsonUpperByBeta(k, n, 0.05);
        if (Math.abs(bound - alpha) < 1e-9) continue;
        expect(binomialCdf(n, alpha, k) <= 0.05, `k ${k}, n ${n}, α ${alpha}`).toBe(bound <= alpha);
      }
    }
  });
});
