import { describe, expect, it } from 'vitest';
import { applyLabelThresholds } from './apply-label-thresholds';
import { generateMultilabelRows } from './multilabel-fixture';
import { computeMultilabelMetrics } from './multilabel-metrics';
import { predictLabelProbabilities } from './sigmoid-model';
import { trainMultilabelClassifier } from './train-multilabel-classifier';

describe('trainMultilabelClassifier', () => {
  it('learns separable labels, tunes thresholds out of fold, keeps 0.5 for a rare label', async () => {
    // Label 2 occurs ~1% of the time: too few held-out positives to tune.
    const train = generateMultilabelRows({ n: 400, rates: [0.4, 0.3, 0.01], seed: 11 });
    const test = generateMultilabelRows({ n: 200, rates: [0.4, 0.3, 0.01], seed: 12 });
    const trained = await trainMultilabelClassifier({ ...train, numLabels: 3, seed: 1 });
    expect(trained.metadata.thresholdSources.slice(0, 2)).toEqual(['tuned', 'tuned']);
    expect(trained.metadata.thresholdSources[2]).toBe('default');
    expect(trained.metadata.thresholds[2]).toBe(0.5);
    expect(trained.outOfFoldProbs).toHaveLength(400 * 3);
    const predicted = applyLabelThresholds(predictLabelProbabilities(trained.model, test.rows), trained.metadata.thresholds);
    const metrics = computeMultilabelMetrics(test.targets, predicted, 3);
    // Each label lights 2 of its own 5 columns: labels 0 and 1 are near-perfectly separable.
    expect(metrics.perLabel[0]!.f1).toBeGreaterThan(0.95);
    expect(metrics.perLabel[1]!.f1).toBeGreaterThan(0.95);
    trained.model.dispose();
  });

  it('skips tuning when there are too few rows for the folds', async () => {
    const few = generateMultilabelRows({ n: 8, rates: [0.5, 0.5], seed: 2 });
    const trained = await trainMultilabelClassifier({ ...few, numLabels: 2, seed: 1 });
    expect(trained.metadata.folds).toBe(0);
    expect(trained.metadata.thresholds).toEqual([0.5, 0.5]);
    expect(trained.metadata.temperatures).toEqual([1, 1]);
    expect(trained.outOfFoldProbs).toBeNull();
    trained.model.dispose();
  });
});
