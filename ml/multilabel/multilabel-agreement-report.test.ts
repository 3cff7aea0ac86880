import { describe, expect, it } from 'vitest';
import { computeMultilabelAgreementReport } from './multilabel-agreement-report';

describe('computeMultilabelAgreementReport', () => {
  // The three-unit example of set-krippendorff-alpha.test.ts, repeated 8 times so a bootstrap has room.
  const base = [
    { item: 'u1', annotator: 'A', labels: ['a'] },
    { item: 'u1', annotator: 'B', labels: ['a'] },
    { item: 'u2', annotator: 'A', labels: ['a', 'b'] },
    { item: 'u2', annotator: 'B', labels: ['a'] },
    { item: 'u3', annotator: 'A', labels: ['c'] },
    { item: 'u3', annotator: 'B', labels: [] },
  ];
  const ratings = Array.from({ length: 8 }, (_, copy) => base.map((r) => ({ ...r, item: `${r.item}-${copy}` }))).flat();

  it('puts the set-level and per-label numbers side by side', () => {
    const report = computeMultilabelAgreementReport(ratings, { labels: ['a', 'b', 'c'] });
    expect(report.items).toBe(24);
    expect(report.emptyAnswers).toBe(8);
    // Exact set match: u1 only, one item in three.
    expect(report.exactMatchAgreement.value).toBeCloseTo(1 / 3, 12);
    // Repeating every unit k times scales n and each n_c by k: D_o is unchanged, D_e = Σ n_c n_k d / (n(n − 1))
    // moves from 22/30 to (64·22)/(48·47): α_MASI = 1 − (5/9)/(1408/2256).
    expect(report.krippendorffAlphaMasi.value).toBeCloseTo(1 - (5 / 9) / (1408 / 2256), 12);
    expect(report.perLabel.map((l) => l.label)).toEqual(['a', 'b', 'c']);
    expect(report.bootstrap).toBeNull();
  });

  it('adds intervals to every defined metric with bootstrapSamples', () => {
    const report = computeMultilabelAgreementReport(ratings, { bootstrapSamples: 100, seed: 5 });
    expect(report.krippendorffAlphaMasi.value === null ? null : report.krippendorffAlphaMasi.ci95).not.toBeNull();
    expect(report.krippendorffAlphaJaccard.value === null ? null : report.krippendorffAlphaJaccard.ci95).not.toBeNull();
    expect(report.exactMatchAgreement.value === null ? null : report.exactMatchAgreement.ci95).not.toBeNull();
    expect(report.bootstrap).toEqual({ samples: 100, seed: 5 });
  });
});
