import { gatherCsrRows, type CsrRows } from '@/ml/csr-rows';
import { applyLabelThresholds } from '@/ml/multilabel/apply-label-thresholds';
import { computeMultilabelMetrics } from '@/ml/multilabel/multilabel-metrics';
import { scoreMultilabelPool, type MultilabelSamplingStrategyId } from '@/ml/multilabel/multilabel-strategies';
import { predictLabelProbabilities } from '@/ml/multilabel/sigmoid-model';
import { trainMultilabelClassifier } from '@/ml/multilabel/train-multilabel-classifier';
import { createRng } from '@/ml/random';
import { selectBatch } from '@/ml/sampling/select-batch';
import { gatherTargetRows } from './gather-target-rows';

export type TCurve = { labels: number[]; microF1: number[]; macroF1: number[] };

/**
 * Pool-based active learning with simulated annotators who answer with the true set: start from
 * `batch` random labels, then each round train the multi-label model (as a version would be, with
 * tuned thresholds), score the unlabeled pool with the strategy, label the top `batch` (selectBatch,
 * no diversity, no exploration share, to compare the scores themselves), and record micro/macro F1
 * on the held-out test rows. The first batch is the same for every strategy of one seed.
 */
export async function simulateMultilabel(input: {
  rows: CsrRows;
  targets: Uint8Array;
  numLabels: number;
  pool: number[];
  test: number[];
  strategy: MultilabelSamplingStrategyId;
  budget: number;
  batch: number;
  seed: number;
}): Promise<TCurve> {
  const { rows, targets, numLabels, pool, test, batch } = input;
  const rng = createRng(input.seed);
  const firstBatch = rng.sample(pool, batch);
  const strategyRng = createRng(input.seed * 7919 + 1);
  const labeled = new Set(firstBatch);
  const testRows = gatherCsrRows(rows, test, test.length);
  const testTargets = gatherTargetRows(targets, test, numLabels);
  const curve: TCurve = { labels: [], microF1: [], macroF1: [] };
  for (;;) {
    const chosen = [...labeled];
    const trained = await trainMultilabelClassifier({ rows: gatherCsrRows(rows, chosen, chosen.length), targets: gatherTargetRows(targets, chosen, numLabels), numLabels, seed: input.seed });
    const metrics = computeMultilabelMetrics(testTargets, applyLabelThresholds(predictLabelProbabilities(trained.model, testRows), trained.metadata.thresholds), numLabels);
    curve.labels.push(labeled.size);
    curve.microF1.push(metrics.microF1);
    curve.macroF1.push(metrics.macroF1);
    if (labeled.size >= input.budget) {
      trained.model.dispose();
      break;
    }
    const unlabeled = pool.filter((i) => !labeled.has(i));
    const probs = input.strategy === 'random' ? undefined : predictLabelProbabilities(trained.model, gatherCsrRows(rows, unlabeled, unlabeled.length));
    const scores = scoreMultilabelPool({ strategy: input.strategy, n: unlabeled.length, numLabels, probs, thresholds: trained.metadata.thresholds, rng: strategyRng });
    trained.model.dispose();
    for (const pick of selectBatch({ scores, batchSize: Math.min(batch, input.budget - labeled.size), diversity: 'none', explorationShare: 0, rng: strategyRng })) labeled.add(unlabeled[pick.index]!);
  }
  return curve;
}

/**
 * Labels a strategy needed to reach `target` F1 on the mean curve (linear between rounds), null
 * when it never did. Labels saved over random = random's budget − this, at random's final F1.
 */
export function findLabelsToReach(labels: readonly number[], f1: readonly number[], target: number): number | null {
  for (let r = 0; r < f1.length; r++) {
    if (f1[r]! >= target) {
      if (r === 0) return labels[0]!;
      const share = (target - f1[r - 1]!) / (f1[r]! - f1[r - 1]!);
      return labels[r - 1]! + share * (labels[r]! - labels[r - 1]!);
    }
  }
  return null;
}
