import os from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend } from '@/ml/backend';
import { createFeaturizer, DEFAULT_FEATURIZER_OPTIONS } from '@/ml/features/featurizer';
import { encodeLabelSets } from '@/ml/multilabel/label-matrix';
import { MULTILABEL_SAMPLING_STRATEGIES, type MultilabelSamplingStrategyId } from '@/ml/multilabel/multilabel-strategies';
import { createRng } from '@/ml/random';
import { compareMultilabelModels } from '../multilabel/compare-multilabel-models';
import { loadDebtags, loadFortuneMixtures, splitByGroup, type TMultilabelDataset } from '../multilabel/multilabel-datasets';
import { findLabelsToReach, simulateMultilabel, type TCurve } from '../multilabel/simulate-multilabel';
import type { TBenchFigure, TBenchReport } from '../report';

/**
 * `npm run bench -- multilabel`: the multi-label model and strategies of ml/multilabel on
 *   debtags           Debian package descriptions with their Debtags (natural labels, from apt's index), and
 *   fortune-mixtures  SYNTHETIC documents joining fortunes of 1–3 topics.
 * (a) full data: micro/macro F1 of the sigmoid model (C grid, tuned vs flat thresholds) against a
 *     binary-relevance baseline; (b) active learning: labels the uncertainty strategies save over random.
 *
 *   --quick                    fewer items, budget and seeds
 *   --datasets list            debtags,fortune-mixtures
 *   --items N                  texts used per data set (seeded sample; 8,000)
 *   --budget N --batch N --seeds N   simulation budget, batch and runs (600, 50, 2)
 */
const STRATEGIES = MULTILABEL_SAMPLING_STRATEGIES.map((s) => s.id);
const C_GRID = [4, 8, 16];
/** The simulation's pool: large enough for 600 labels to be a small share, small enough to rescore each round. */
const SIMULATION_POOL = 4000;

function log(line: string) {
  console.info(`[bench:multilabel] ${new Date().toISOString().slice(11, 19)} ${line}`);
}

export async function runBench(args: string[]): Promise<TBenchReport> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      datasets: { type: 'string', default: 'debtags,fortune-mixtures' },
      items: { type: 'string' },
      budget: { type: 'string' },
      batch: { type: 'string' },
      seeds: { type: 'string' },
    },
  });
  const quick = values.quick;
  const items = Number(values.items ?? (quick ? 3000 : 8000));
  const budget = Number(values.budget ?? (quick ? 300 : 600));
  const batch = Number(values.batch ?? 50);
  const seeds = Number(values.seeds ?? (quick ? 1 : 2));
  const backend = await initBackend();
  const figures: TBenchFigure[] = [];
  const started = performance.now();
  const loadAverage = () => os.loadavg()[0]!.toFixed(1);

  const datasets: TMultilabelDataset[] = [];
  for (const name of values.datasets.split(',').map((d) => d.trim())) {
    const dataset = name === 'debtags' ? loadDebtags() : name === 'fortune-mixtures' ? loadFortuneMixtures(items, 1) : undefined;
    if (dataset === undefined) throw new Error(`unknown data set ${name}: debtags or fortune-mixtures`);
    if (dataset === null) log(`${name}: not available on this machine, skipped`);
    else datasets.push(sampleDataset(dataset, items, 1));
  }

  for (const dataset of datasets) {
    const tag = `[${dataset.name}]`;
    const numLabels = dataset.labelNames.length;
    const targets = encodeLabelSets(dataset.sets, numLabels);
    const cardinality = dataset.sets.reduce((sum, s) => sum + s.length, 0) / dataset.sets.length;
    const emptyShare = dataset.sets.filter((s) => s.length === 0).length / dataset.sets.length;
    log(`${tag} ${dataset.texts.length} texts, ${numLabels} labels, ${cardinality.toFixed(2)} labels per text, ${(100 * emptyShare).toFixed(0)}% "none" (load ${loadAverage()})`);
    figures.push({ name: `${tag} texts / labels / mean labels per text / share with none`, value: dataset.texts.length, unit: 'texts', note: `${numLabels} labels, ${cardinality.toFixed(2)} per text, ${(100 * emptyShare).toFixed(1)}% empty; ${dataset.description}` });

    const featureStart = performance.now();
    const featurizer = createFeaturizer(DEFAULT_FEATURIZER_OPTIONS);
    const rows = featurizer.fitTransformSparse(dataset.texts);
    log(`${tag} featurized in ${((performance.now() - featureStart) / 1000).toFixed(1)} s`);
    const { train, test } = splitByGroup(dataset, 1);

    // (a) Full data.
    const scores = await compareMultilabelModels({
      rows,
      trainTexts: train.map((i) => dataset.texts[i]!),
      testTexts: test.map((i) => dataset.texts[i]!),
      train,
      test,
      targets,
      numLabels,
      cGrid: C_GRID,
      seed: 1,
    });
    for (const score of scores) {
      const m = score.metrics;
      figures.push({ name: `${tag} (a) micro-F1, ${score.name}`, value: m.microF1, unit: '', note: `macro-F1 ${m.macroF1.toFixed(3)}, subset accuracy ${m.subsetAccuracy.toFixed(3)}, Hamming loss ${m.hammingLoss.toFixed(4)}; ${score.note}` });
      figures.push({ name: `${tag} (a) macro-F1, ${score.name}`, value: m.macroF1, unit: '' });
    }
    const best = scores.filter((s) => s.name.includes('tuned')).sort((a, b) => b.metrics.microF1 - a.metrics.microF1)[0]!;
    const baseline = scores.find((s) => s.name.startsWith('baseline'))!;
    figures.push({
      name: `${tag} (a) micro-F1: best Quorum − baseline`,
      value: best.metrics.microF1 - baseline.metrics.microF1,
      unit: '',
      note: `${best.name}; macro-F1 difference ${(best.metrics.macroF1 - baseline.metrics.macroF1).toFixed(3)}; ${train.length} train / ${test.length} test, split by ${dataset.name === 'debtags' ? 'source package' : 'document'}`,
    });
    const perLabel = best.metrics.perLabel.map((l) => `${dataset.labelNames[l.label]} ${l.f1.toFixed(2)} (P ${l.precision.toFixed(2)} R ${l.recall.toFixed(2)}, n ${l.support})`).join('; ');
    figures.push({ name: `${tag} (a) per-label F1 of the best Quorum model (test)`, value: best.metrics.macroF1, unit: '', note: perLabel });

    // (b) Active learning.
    const pool = train.slice(0, SIMULATION_POOL);
    const curves = new Map<MultilabelSamplingStrategyId, TCurve[]>();
    for (const strategy of STRATEGIES) {
      const runs: TCurve[] = [];
      for (let seed = 1; seed <= seeds; seed++) {
        const runStart = performance.now();
        runs.push(await simulateMultilabel({ rows, targets, numLabels, pool, test, strategy, budget, batch, seed }));
        log(`${tag} ${strategy} seed ${seed}: micro-F1 ${runs.at(-1)!.microF1.map((f) => f.toFixed(3)).join(' ')} (${((performance.now() - runStart) / 1000).toFixed(0)} s, load ${loadAverage()})`);
      }
      curves.set(strategy, runs);
    }
    const mean = (runs: TCurve[], key: 'microF1' | 'macroF1') => runs[0]!.labels.map((_, r) => runs.reduce((sum, run) => sum + run[key][r]!, 0) / runs.length);
    const labels = curves.get('random')![0]!.labels;
    for (const key of ['microF1', 'macroF1'] as const) {
      const randomCurve = mean(curves.get('random')!, key);
      const target = randomCurve.at(-1)!;
      for (const strategy of STRATEGIES) {
        const curve = mean(curves.get(strategy)!, key);
        const needed = findLabelsToReach(labels, curve, target);
        const aulc = curve.reduce((sum, f) => sum + f, 0) / curve.length;
        figures.push({
          name: `${tag} (b) ${key === 'microF1' ? 'micro' : 'macro'}-F1 at ${budget} labels, ${strategy}`,
          value: curve.at(-1)!,
          unit: '',
          note: `curve ${labels.map((n, r) => `${n}: ${curve[r]!.toFixed(3)}`).join(', ')}; mean over rounds ${aulc.toFixed(4)}`,
        });
        if (strategy !== 'random') {
          figures.push({
            name: `${tag} (b) labels saved over random to reach random's ${key === 'microF1' ? 'micro' : 'macro'}-F1 at ${budget}, ${strategy}`,
            value: needed === null ? null : budget - needed,
            unit: 'labels',
            note: needed === null ? `never reached ${target.toFixed(3)} within ${budget}` : `${Math.round(needed)} labels vs random ${budget} (target ${target.toFixed(3)}); ${seeds} seed(s), batch ${batch}, pool ${pool.length}, first batch random`,
          });
        }
      }
    }
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return {
    suite: 'multilabel',
    sizes: { items, budget, batch, seeds, pool: SIMULATION_POOL, cores: os.availableParallelism() },
    backend: backend.name,
    figures,
  };
}

/** A seeded sample of `count` texts (all of them when there are fewer). */
function sampleDataset(dataset: TMultilabelDataset, count: number, seed: number): TMultilabelDataset {
  if (dataset.texts.length <= count) return dataset;
  const keep = createRng(seed).sample(Array.from({ length: dataset.texts.length }, (_, i) => i), count).sort((a, b) => a - b);
  return { ...dataset, texts: keep.map((i) => dataset.texts[i]!), sets: keep.map((i) => dataset.sets[i]!), groups: keep.map((i) => dataset.groups[i]!) };
}
