import { describe, expect, it } from 'vitest';
import { describeModelVerdict } from './verdict-text';

type TReport = Parameters<typeof describeModelVerdict>[0];

const version = (n: number, accuracy: number) => ({
  version: n,
  labelCount: 100 * n,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  evaluatedOn: 80,
  accuracy: { value: accuracy, ci95: [accuracy - 0.05, accuracy + 0.04] as [number, number] },
  macroF1: { value: accuracy - 0.02, ci95: null },
});

describe('describeModelVerdict', () => {
  it('says there is no model only when no version exists', () => {
    const verdict = describeModelVerdict({ models: [], verdicts: { labels: null, model: null } } as TReport);
    expect(verdict.title).toBe('No model yet');
  });

  it('names the missing human level, not a missing model, when versions exist but nobody overlaps', () => {
    const verdict = describeModelVerdict({ models: [version(1, 0.7), version(2, 0.842)], verdicts: { labels: null, model: null } } as TReport);
    expect(verdict.title).toBe('No human level yet');
    expect(verdict.text).toMatch(/^v2 has accuracy 84\.2% \(95% CI 79\.2% – 88\.2%\), but no annotator shares enough items/);
  });

  it('compares the latest version with the annotators when both exist', () => {
    const verdict = describeModelVerdict({
      models: [version(2, 0.842)],
      verdicts: { labels: null, model: { level: 'below', version: 2, accuracy: version(2, 0.842).accuracy, humanMean: 0.93 } },
    } as TReport);
    expect(verdict.title).toBe('Not yet');
    expect(verdict.text).toContain('against the annotators’ 93.0%');
  });

  it('speaks micro-F1 for a multi-label model, against the annotators’ micro-F1 against each other', () => {
    const sets = { ...version(3, 0.71), metric: 'micro_f1' as const };
    const verdict = describeModelVerdict({ models: [sets], verdicts: { labels: null, model: { level: 'at', version: 3, accuracy: sets.accuracy, humanMean: 0.74 } } } as TReport);
    expect(verdict.text).toBe('v3: micro-F1 71.0% (95% CI 66.0% – 75.0%) against the annotators’ 74.0%; its 95% interval covers the annotators’ micro-F1 against each other.');
    expect(describeModelVerdict({ models: [sets], verdicts: { labels: null, model: null } } as TReport).text).toMatch(/^v3 has micro-F1 71\.0%/);
  });
});
