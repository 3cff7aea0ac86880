import { describe, expect, it } from 'vitest';
import { computeWilsonInterval } from '@/ml/agreement';
import { flagAnnotatorsFarBelowPeers } from './annotators';
import type { TAnnotatorQualityRow } from './quality-types';

function row(annotator: string, gold: [number, number] | null, shared: [number, number] | null): TAnnotatorQualityRow {
  const proportion = (counts: [number, number] | null) => (counts ? { value: counts[0] / counts[1], ci95: computeWilsonInterval(counts[0], counts[1]), n: counts[1] } : null);
  return {
    userId: annotator,
    annotator,
    labels: 100,
    rejected: 0,
    goldAccuracy: proportion(gold),
    consensusAgreement: proportion(shared),
    estimatedAccuracy: null,
    peerKappa: null,
    activeDays: 1,
    labelsPerHour: null,
    medianLeadTimeMs: null,
    timeSpentMs: 0,
    flag: null,
  };
}

const flagged = (rows: TAnnotatorQualityRow[]) => flagAnnotatorsFarBelowPeers(rows).filter((r) => r.flag).map((r) => [r.annotator, r.flag!.basis]);

describe('flagAnnotatorsFarBelowPeers', () => {
  it('flags on gold when the annotator is confidently more than 10 points below the peer median', () => {
    expect(flagged([row('a', [45, 50], null), row('b', [46, 50], null), row('c', [25, 50], null)])).toEqual([['c', 'gold']]);
  });

  it('does not flag a newcomer whose few answers leave the interval wide', () => {
    // 8 of 12 right: the interval reaches 0.86, above 0.92 − 0.10.
    expect(flagged([row('a', [46, 50], null), row('b', [46, 50], null), row('new', [8, 12], null)])).toEqual([]);
  });

  it('falls back to agreement with the others’ consensus when there are too few gold answers', () => {
    expect(flagged([row('a', [4, 5], [90, 100]), row('b', [5, 5], [88, 100]), row('c', [2, 5], [55, 100])])).toEqual([['c', 'consensus']]);
  });

  it('needs at least two peers to compare with', () => {
    expect(flagged([row('a', [48, 50], null), row('c', [20, 50], null)])).toEqual([]);
  });

  it('says why, with the interval and the peer median', () => {
    const [, , weak] = flagAnnotatorsFarBelowPeers([row('a', [45, 50], null), row('b', [46, 50], null), row('c', [25, 50], null)]);
    expect(weak!.flag!.reason).toBe('Gold accuracy 50% (95% CI 37%–63%, 50 gold items) against a peer median of 91%');
  });
});
