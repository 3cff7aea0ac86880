import { DEFAULT_SPAN_UNCERTAINTY_AGGREGATE, scoreSpanTokens, type TSpanUncertaintyAggregate } from '../spans/score-span-uncertainty';
import { countBioClasses } from '../spans/bio-tags';
import { createTokenFeatureConfig, DEFAULT_TOKEN_FEATURE_DIM } from '../spans/featurize-tokens';
import { measureSpanModel } from '../spans/measure-span-model';
import { predictCorpusSpans } from '../spans/predict-spans';
import { listCorpusRows, prepareSpanCorpus, type TSpanCorpus } from '../spans/span-corpus';
import { getTokenUncertainty, isSpanSamplingStrategy, type TSpanSamplingStrategy } from '../spans/span-strategies';
import type { TSpan } from '../spans/span-types';
import { trainSpanTaggerOnRows, type TSpanTaggerWeights } from '../spans/train-span-tagger';
import { gatherCsrRows } from '../csr-rows';
import { createRng, type Rng } from '../random';
import { averageCurves, computeAulc, findLabelsToReach, interpolateAccuracy, type CurvePoint } from './learning-curve';
import { recommendStrategy } from './recommend';
import { SIMULATION_METRIC_NAMES } from './simulation-metric';
import { DEFAULT_ACCURACY_AT, type SimulationProgress, type SimulationResult, type StrategyOutcome } from './simulation-settings';
import { summarizeSeeds } from './summarize-seeds';

export type TSpanSimulationInput = {
  texts: readonly string[];
  /** Gold spans per text: the oracle. */
  spans: readonly (readonly TSpan[])[];
  /** Project label ids (class order) and their names. */
  labelIds: readonly number[];
  labelNames: readonly string[];
  strategies: readonly TSpanSamplingStrategy[];
  /** Items each run may label, the first batch included. */
  budget: number;
  batchSize: number;
  seeds: number;
  evalFraction: number;
  seed: number;
  aggregate?: TSpanUncertaintyAggregate;
  dim?: number;
  accuracyAt?: readonly number[];
  locale?: string;
  onProgress?(progress: SimulationProgress): void;
};

/**
 * Strategy backtests for span projects, the pool-based protocol of ml/simulate on a span tagger:
 * per seed one held-out split and one random first batch serve every strategy (common random
 * numbers), each round trains the BIO tagger on the items bought so far (warm-started from the
 * strategy's previous round) and scores exact span F1 on the held-out items; uncertainty strategies
 * buy the next batch by token uncertainty aggregated per item. Per seed a tagger trained on the
 * whole pool gives the full-data F1 the curves are judged against. Texts are featurized once.
 * The result has the text simulator's shape, `accuracy` being span F1 (`metric` says so).
 */
export async function runSpanSimulation(input: TSpanSimulationInput): Promise<SimulationResult> {
  const started = performance.now();
  validateSpanSimulation(input);
  const { texts, spans, labelIds, strategies, seeds, batchSize } = input;
  const locale = input.locale ?? 'en';
  const features = createTokenFeatureConfig({ dim: input.dim ?? DEFAULT_TOKEN_FEATURE_DIM, seed: input.seed });
  const corpus = prepareSpanCorpus(texts, spans, { features, labelIds, locale });
  const evalSize = Math.max(1, Math.round(texts.length * input.evalFraction));
  const poolSize = texts.length - evalSize;
  const budget = Math.min(input.budget, poolSize);
  const rounds = Math.ceil(budget / batchSize);
  const totalSteps = seeds * (1 + strategies.length * rounds);
  const root = createRng(input.seed);
  let done = 0;
  const context = { corpus, features, labelIds, locale, spans };

  const fullF1: number[] = [];
  const runs = new Map<TSpanSamplingStrategy, CurvePoint[][]>(strategies.map((strategy) => [strategy, []]));
  for (let s = 0; s < seeds; s++) {
    const seedRng = createRng(root.nextSeed());
    const order = seedRng.permutation(texts.length);
    const evalItems = order.subarray(0, evalSize);
    const pool = order.subarray(evalSize);
    const initial = seedRng.sample(Array.from(pool.keys()), Math.min(batchSize, budget));
    const modelSeed = seedRng.nextSeed();
    const full = await trainAndMeasure(context, pool, evalItems, modelSeed, null);
    full.tagger.model.dispose();
    fullF1.push(full.f1);
    input.onProgress?.({ done: ++done, total: totalSteps, strategy: null, seed: s, labels: poolSize });
    for (const strategy of strategies) {
      const rng = createRng(modelSeed ^ hashName(strategy));
      const curve = await runStrategy(context, { strategy, pool, evalItems, initial, budget, batchSize, modelSeed, rng, aggregate: input.aggregate ?? DEFAULT_SPAN_UNCERTAINTY_AGGREGATE }, (labels) =>
        input.onProgress?.({ done: ++done, total: totalSteps, strategy, seed: s, labels }),
      );
      runs.get(strategy)!.push(curve);
    }
  }

  const fullMean = fullF1.reduce((a, b) => a + b, 0) / fullF1.length;
  const perSeed95 = (strategy: TSpanSamplingStrategy) => runs.get(strategy)!.map((curve, s) => findLabelsToReach(curve, fullF1[s]!));
  const random95 = strategies.includes('random') ? perSeed95('random') : null;
  const accuracyAt = input.accuracyAt ?? DEFAULT_ACCURACY_AT;
  const outcomes: Record<string, StrategyOutcome> = {};
  for (const strategy of strategies) {
    const curve = averageCurves(runs.get(strategy)!);
    const labels95 = perSeed95(strategy);
    outcomes[strategy] = {
      curve,
      aulc: computeAulc(curve),
      labels_to_95: findLabelsToReach(curve, fullMean),
      full_accuracy: fullMean,
      labels_to_95_per_seed: labels95,
      labels_to_95_summary: summarizeSeeds(labels95),
      labels_to_target_per_seed: [],
      labels_to_target_summary: null,
      accuracy_at: Object.fromEntries(accuracyAt.map((n) => [String(n), interpolateAccuracy(curve, n)])),
      ratio_to_random_per_seed: random95 ? labels95.map((l, s) => (l !== null && random95[s] ? l / random95[s]! : null)) : null,
    };
  }
  return {
    dataset: {
      items: texts.length,
      classes: [...input.labelNames],
      classCounts: labelIds.map((id) => spans.reduce((sum, list) => sum + list.filter((span) => span.labelId === id).length, 0)),
      evalSize,
      poolSize,
    },
    settings: {
      strategies: [...strategies],
      budget,
      batchSize,
      seeds,
      evalFraction: input.evalFraction,
      kind: 'bio-tagger',
      diversity: 'none',
      explorationShare: 0,
      coldStartLabelsPerClass: 0,
      coldStart: 'random',
      targetAccuracy: null,
      accuracyAt: [...accuracyAt],
      seed: input.seed,
      dim: features.dim,
      features: `hashed token and context features, ${input.aggregate ?? DEFAULT_SPAN_UNCERTAINTY_AGGREGATE} token uncertainty per item`,
    },
    strategies: outcomes,
    full_accuracy_per_seed: fullF1,
    recommendation: recommendStrategy(outcomes, SIMULATION_METRIC_NAMES.span_f1),
    seconds: (performance.now() - started) / 1000,
    metric: 'span_f1',
  };
}

export function validateSpanSimulation(input: Pick<TSpanSimulationInput, 'texts' | 'spans' | 'labelIds' | 'strategies' | 'budget' | 'batchSize' | 'seeds' | 'evalFraction'>): void {
  const { texts, spans, labelIds, strategies, budget, batchSize, seeds, evalFraction } = input;
  if (strategies.length === 0) throw new RangeError('name at least one strategy');
  if (new Set(strategies).size !== strategies.length) throw new RangeError('a strategy is named twice');
  for (const strategy of strategies) if (!isSpanSamplingStrategy(strategy)) throw new RangeError(`${strategy} does not apply to span projects`);
  if (labelIds.length === 0) throw new RangeError('a span simulation needs at least one label');
  if (texts.length !== spans.length) throw new RangeError('texts and gold spans differ in length');
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError('batch size must be a positive integer');
  if (!(Number.isInteger(budget) && budget >= batchSize)) throw new RangeError('the budget must be at least one batch');
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new RangeError('seeds must be a positive integer');
  if (!(evalFraction > 0 && evalFraction < 1)) throw new RangeError('the evaluation fraction must be between 0 and 1');
  const evalSize = Math.max(1, Math.round(texts.length * evalFraction));
  if (texts.length - evalSize < batchSize) throw new RangeError(`${texts.length} items are too few for this evaluation split and batch size`);
}

type TContext = { corpus: TSpanCorpus; features: ReturnType<typeof createTokenFeatureConfig>; labelIds: readonly number[]; locale: string; spans: readonly (readonly TSpan[])[] };

type TRun = {
  strategy: TSpanSamplingStrategy;
  pool: Int32Array;
  evalItems: Int32Array;
  initial: readonly number[];
  budget: number;
  batchSize: number;
  modelSeed: number;
  rng: Rng;
  aggregate: TSpanUncertaintyAggregate;
};

async function runStrategy(context: TContext, run: TRun, onRound: (labels: number) => void): Promise<CurvePoint[]> {
  const { pool, budget, batchSize, rng } = run;
  const isLabeled = new Uint8Array(pool.length);
  const labeled: number[] = [];
  const add = (positions: readonly number[]) => {
    for (const p of positions) {
      if (isLabeled[p]) continue;
      isLabeled[p] = 1;
      labeled.push(p);
    }
  };
  add(run.initial);
  const modelRng = createRng(run.modelSeed);
  const curve: CurvePoint[] = [];
  let warm: TSpanTaggerWeights | null = null;
  const measure = getTokenUncertainty(run.strategy);
  for (;;) {
    const items = Int32Array.from(labeled, (p) => pool[p]!);
    const trained = await trainAndMeasure(context, items, run.evalItems, modelRng.nextSeed(), warm);
    warm = trained.weights;
    try {
      curve.push({ labels: labeled.length, accuracy: trained.f1, macroF1: trained.tokenF1 });
      onRound(labeled.length);
      const remaining = Math.min(batchSize, budget - labeled.length, pool.length - labeled.length);
      if (remaining <= 0) break;
      const unlabeled: number[] = [];
      isLabeled.forEach((isDone, p) => isDone || unlabeled.push(p));
      if (measure === null) {
        add(rng.sample(unlabeled, remaining));
        continue;
      }
      const predicted = predictCorpusSpans(trained.tagger, context.corpus, Int32Array.from(unlabeled, (p) => pool[p]!));
      const scores = scoreSpanTokens(
        predicted.map((item) => item.probs),
        countBioClasses(context.labelIds.length),
        { measure, aggregate: run.aggregate },
      );
      const ranked = unlabeled.map((p, i) => ({ p, score: scores[i]! })).sort((a, b) => b.score - a.score || a.p - b.p);
      add(ranked.slice(0, remaining).map((entry) => entry.p));
    } finally {
      trained.tagger.model.dispose();
    }
  }
  return curve;
}

async function trainAndMeasure(context: TContext, items: ArrayLike<number>, evalItems: ArrayLike<number>, seed: number, warm: TSpanTaggerWeights | null) {
  const { corpus, features, labelIds, locale } = context;
  const rowIndices = listCorpusRows(corpus, items);
  const rows = gatherCsrRows(corpus.rows, rowIndices, rowIndices.length);
  const tags = Int32Array.from(rowIndices, (r) => corpus.tags[r]!);
  const tagger = await trainSpanTaggerOnRows(rows, tags, features, { labelIds, seed, locale, init: warm });
  const predicted = predictCorpusSpans(tagger, corpus, evalItems);
  const metrics = measureSpanModel(
    predicted.map((item, i) => ({ tokens: item.tokens, gold: context.spans[evalItems[i]!]!, predicted: item.spans })),
    labelIds,
  );
  // The caller disposes the tagger once it has scored the pool with it.
  return { tagger, f1: metrics.exact.f1 ?? 0, tokenF1: metrics.token.f1 ?? 0, weights: tagger.weights };
}

/** A stable per-strategy seed offset, so adding a strategy does not change the others' runs. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}
