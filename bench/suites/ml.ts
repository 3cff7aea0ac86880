import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { initBackend, measureMatMulGflops } from '@/ml/backend';
import { DEFAULT_FEATURE_DIM } from '@/ml/features/featurizer';
import { trainModel } from '@/ml/pipeline/train-model';
import { createRng } from '@/ml/random';
import type { SamplingStrategyId } from '@/ml/sampling';
import { runSimulation, type SimulationResult } from '@/ml/simulate/run-simulation';
import { createThreadCompute } from '@/server/worker/compute/thread-compute';
import { cutShortTexts, loadDemoCorpus, type TLabeledText } from '../ml/demo-corpus';
import { measureDimension, type TDimensionResult, type TSplit } from '../ml/dimension-sweep';
import { measureModelThroughput } from '../ml/model-throughput';
import { measureRescoring, type TRescoreMeasurement } from '../ml/rescore-pool';
import type { TBenchFigure, TBenchReport } from '../report';

/**
 * `npm run bench -- ml`: the learning loop's numbers on the demo corpus (SpamAssassin, 6,046
 * e-mails) and a 100,000-item pool of short texts cut from it.
 *
 *   --quick                 smaller pool, simulator and sweep, for a busy machine
 *   --pool N                rescoring pool size (100,000)
 *   --databases list        pglite,postgres (postgres only if TEST_DATABASE_URL or the default server answers)
 *   --budget N --batch N --seeds N    simulator budget, batch size and runs (300, 10, 3)
 */
const run = promisify(execFile);
const SKLEARN_SCRIPT = path.resolve(import.meta.dirname, '../ml/sklearn-baseline.py');
const UNCERTAINTY_STRATEGIES: SamplingStrategyId[] = ['least_confidence', 'margin', 'entropy', 'committee'];
const DIMENSIONS = [2 ** 10, 2 ** 11, 2 ** 12, 2 ** 13, 2 ** 14];

function log(line: string) {
  console.info(`[bench:ml] ${line}`);
}

export async function runBench(args: string[]): Promise<TBenchReport> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      pool: { type: 'string' },
      databases: { type: 'string', default: 'pglite,postgres' },
      budget: { type: 'string' },
      batch: { type: 'string' },
      seeds: { type: 'string' },
    },
  });
  const quick = values.quick;
  const poolSize = Number(values.pool ?? (quick ? 20_000 : 100_000));
  const budget = Number(values.budget ?? (quick ? 200 : 300));
  const batchSize = Number(values.batch ?? 10);
  const seeds = Number(values.seeds ?? (quick ? 1 : 3));
  const databases = values.databases.split(',').map((d) => d.trim());
  const figures: TBenchFigure[] = [];
  const started = performance.now();
  const loadAverage = () => os.loadavg()[0]!.toFixed(1);

  const backend = await initBackend();
  log(`backend ${backend.name}; load average ${loadAverage()}`);
  const matMul = await measureMatMulGflops(512, 1);
  figures.push({ name: '(a) matMul 512×512, active backend', value: matMul.gflops, unit: 'GFLOP/s', note: `${matMul.backend}, ${matMul.iterations} iterations` });

  log('loading the demo corpus…');
  const corpus = await loadDemoCorpus();
  const split = splitCorpus(corpus.length, 0.2, 1);

  // Feature dimension: accuracy and cost at 2^10..2^14 on one split.
  const dims = quick ? [2 ** 10, 2 ** 12, 2 ** 14] : DIMENSIONS;
  const sweep: TDimensionResult[] = [];
  for (const dim of dims) {
    log(`feature dimension ${dim}…`);
    const result = await measureDimension(corpus, split, dim);
    sweep.push(result);
    figures.push({
      name: `dim 2^${Math.log2(dim)}: full-data accuracy`,
      value: result.accuracy,
      unit: '',
      note: `featurize ${Math.round(result.docsPerSecond)} e-mails/s, train ${result.trainSeconds.toFixed(1)} s, ${Math.round(result.nonZerosPerText)} non-zeros per e-mail`,
    });
  }
  const chosen = sweep.find((r) => r.dim === DEFAULT_FEATURE_DIM);
  figures.push({ name: 'default feature dimension (DEFAULT_FEATURE_DIM)', value: DEFAULT_FEATURE_DIM, unit: '', note: chosen ? `accuracy ${chosen.accuracy.toFixed(4)}` : 'not in this sweep' });

  // (b) Training time at 1,000 and 10,000 labels: featurize (IDF on the pool) + train + evaluate.
  for (const labels of [1_000, 10_000]) {
    log(`training on ${labels} labels…`);
    const rows = Array.from({ length: labels }, (_, i) => corpus[split.train[i % split.train.length]!]!);
    const seconds = await timeTraining(rows, corpus, split, 0);
    figures.push({
      name: `(b) retraining on ${labels.toLocaleString('en')} labels`,
      value: seconds.total,
      unit: 's',
      target: labels === 10_000 ? { value: 15, better: 'lower' } : undefined,
      note: `featurize ${seconds.featurize.toFixed(1)} s, train ${seconds.train.toFixed(1)} s, evaluate ${seconds.evaluate.toFixed(1)} s; e-mails${labels > split.train.length ? ' (repeated to reach the count)' : ''}`,
    });
    if (labels === 10_000) {
      const withFolds = await timeTraining(rows, corpus, split, 4);
      figures.push({ name: '    the same with 4-fold out-of-fold probabilities', value: withFolds.total, unit: 's', note: 'what a training job also computes to find likely mislabeled items' });
    }
  }

  // Full-data accuracy against scikit-learn's logistic regression on the same split.
  log('scikit-learn baseline…');
  const ours = chosen?.accuracy ?? (await measureDimension(corpus, split, DEFAULT_FEATURE_DIM)).accuracy;
  const sklearn = await runSklearn(corpus, split);
  figures.push({ name: 'full-data accuracy, Quorum softmax (demo split)', value: ours, unit: '', note: `${split.train.length} train / ${split.eval.length} held out` });
  figures.push({
    name: 'full-data accuracy, scikit-learn LogisticRegression',
    value: sklearn?.accuracy ?? null,
    unit: '',
    note: sklearn ? `sklearn ${sklearn.sklearn}, TF-IDF word 1-2 + char 3-5, ${sklearn.features} features` : 'python3-sklearn not installed',
  });
  figures.push({ name: 'accuracy: Quorum − scikit-learn', value: sklearn ? ours - sklearn.accuracy : null, unit: '', target: { value: -0.01, better: 'higher' }, note: 'on par = within one point' });

  // (c) Rescoring a pool end to end, per database, and the model part alone.
  const pool = cutShortTexts(corpus, poolSize);
  const meanChars = pool.reduce((sum, row) => sum + row.text.length, 0) / pool.length;
  const compute = createThreadCompute();
  try {
    for (const database of databases) {
      if (database === 'postgres') process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
      else delete process.env.TEST_DATABASE_URL;
      log(`rescoring ${poolSize} items on ${database} (load ${loadAverage()})…`);
      let measured: TRescoreMeasurement | null = null;
      try {
        measured = await measureRescoring(compute, pool, 2_000, DEFAULT_FEATURE_DIM);
      } catch (error) {
        log(`${database}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const r = measured?.result;
      figures.push({
        name: `(c) rescoring ${poolSize.toLocaleString('en')} items end to end, ${database}`,
        value: measured ? measured.items / measured.seconds : null,
        unit: 'items/s',
        target: { value: 20_000, better: 'higher' },
        note: r
          ? `${measured!.seconds.toFixed(1)} s: read+featurize+predict+write predictions ${r.seconds.scoring.toFixed(1)} s, order ${r.seconds.ordering.toFixed(2)} s, write priorities ${r.seconds.writing.toFixed(1)} s; texts ${Math.round(meanChars)} chars`
          : 'not measured',
      });
    }
  } finally {
    await compute.close();
  }
  log('model part alone…');
  const model = await measureModelThroughput(pool, DEFAULT_FEATURE_DIM);
  figures.push({
    name: '(c) model part: tfjs predict on dense batches',
    value: model.items / model.tfjsSeconds,
    unit: 'items/s',
    note: `${model.tfjsGflops.toFixed(2)} GFLOP/s = ${((100 * model.tfjsGflops) / matMul.gflops).toFixed(1)}% of (a); a 4096×2 kernel is memory-bound`,
  });
  figures.push({ name: '    model part as a fraction of (a)', value: model.tfjsGflops / matMul.gflops, unit: '', note: 'dense-equivalent GFLOP/s of the softmax product ÷ matMul GFLOP/s' });
  figures.push({ name: '(c) model part: host softmax on compressed rows (what scoring uses)', value: model.items / model.hostSeconds, unit: 'items/s', note: `featurizing alone ${Math.round(model.items / model.featurizeSeconds)} texts/s (dense + sparse)` });

  // (d) The simulator on the demo corpus.
  log(`simulating (budget ${budget}, batch ${batchSize}, ${seeds} seed(s); load ${loadAverage()})…`);
  const simulation = await simulateDemo(corpus, ['random', ...UNCERTAINTY_STRATEGIES], { budget, batchSize, seeds, diversity: 'none' });
  const random = simulation.strategies.random!;
  for (const [name, outcome] of Object.entries(simulation.strategies)) {
    figures.push({ name: `(d) labels to 95% of full-data accuracy, ${name}`, value: outcome.labels_to_95, unit: 'labels', note: `AULC ${outcome.aulc?.toFixed(4)}` });
  }
  const best = UNCERTAINTY_STRATEGIES.map((name) => [name, simulation.strategies[name]!.labels_to_95] as const)
    .filter((entry): entry is readonly [SamplingStrategyId, number] => entry[1] !== null)
    .sort((a, b) => a[1] - b[1])[0];
  figures.push({
    name: '(d) best uncertainty strategy ÷ random, labels to 95%',
    value: best && random.labels_to_95 ? best[1] / random.labels_to_95 : null,
    unit: '',
    target: { value: 0.5, better: 'lower' },
    note: best ? `${best[0]} ${best[1]} vs random ${random.labels_to_95 ?? 'not within budget'}; full-data accuracy ${random.full_accuracy.toFixed(4)}` : 'no uncertainty strategy reached 95% within the budget',
  });
  figures.push({
    name: '(d) simulator wall time',
    value: simulation.seconds,
    unit: 's',
    note: `${simulation.dataset.poolSize} pool / ${simulation.dataset.evalSize} held out, batch ${batchSize}, ${seeds} seed(s)`,
  });
  if (!quick) {
    // Batch diversity decides the default of the batchDiversity setting: margin with each mode, same seeds.
    const margin = simulation.strategies.margin!;
    figures.push({ name: '(d) margin, no batch diversity: labels to 95%', value: margin.labels_to_95, unit: 'labels', note: `AULC ${margin.aulc?.toFixed(4)}` });
    for (const diversity of ['kcenter', 'cluster'] as const) {
      log(`margin with ${diversity} batch diversity…`);
      const outcome = (await simulateDemo(corpus, ['margin'], { budget, batchSize: 20, seeds, diversity })).strategies.margin!;
      figures.push({ name: `(d) margin, ${diversity} batches of 20: labels to 95%`, value: outcome.labels_to_95, unit: 'labels', note: `AULC ${outcome.aulc?.toFixed(4)}` });
    }
    const plain = (await simulateDemo(corpus, ['margin'], { budget, batchSize: 20, seeds, diversity: 'none' })).strategies.margin!;
    figures.push({ name: '(d) margin, plain batches of 20: labels to 95%', value: plain.labels_to_95, unit: 'labels', note: `AULC ${plain.aulc?.toFixed(4)}` });
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()}`);

  return {
    suite: 'ml',
    sizes: {
      corpus: corpus.length,
      pool: poolSize,
      poolTextChars: Math.round(meanChars),
      featureDim: DEFAULT_FEATURE_DIM,
      simulatorBudget: budget,
      simulatorBatch: batchSize,
      simulatorSeeds: seeds,
      loadAverageAtEnd: Number(loadAverage()),
    },
    backend: backend.name,
    figures,
  };
}

/** One stratification-free random split of the corpus, reused by every comparison. */
function splitCorpus(n: number, evalFraction: number, seed: number): TSplit {
  const order = Array.from(createRng(seed).permutation(n));
  const evalSize = Math.round(n * evalFraction);
  return { eval: order.slice(0, evalSize), train: order.slice(evalSize) };
}

async function timeTraining(rows: readonly TLabeledText[], corpus: readonly TLabeledText[], split: TSplit, folds: number) {
  const evalRows = split.eval.slice(0, 600).map((i) => corpus[i]!);
  const trained = await trainModel({
    texts: rows.map((row) => row.text),
    labels: Int32Array.from(rows, (row) => row.label),
    numClasses: 2,
    corpus: corpus.map((row) => row.text).slice(0, 20_000),
    evalTexts: evalRows.map((row) => row.text),
    evalLabels: Int32Array.from(evalRows, (row) => row.label),
    featurizer: { kind: 'hashed-ngrams', dim: DEFAULT_FEATURE_DIM },
    kind: 'softmax',
    seed: 1,
    outOfFoldFolds: folds,
    committeeMembers: 0,
  });
  trained.model.dispose();
  const s = trained.seconds;
  return { ...s, total: s.featurize + s.train + s.crossValidation + s.evaluate };
}

async function runSklearn(corpus: readonly TLabeledText[], split: TSplit): Promise<{ accuracy: number; features: number; sklearn: string } | null> {
  const input = JSON.stringify({ texts: corpus.map((row) => row.text), labels: corpus.map((row) => row.label), train: split.train, eval: split.eval });
  // Debian's python3-sklearn installs for the system interpreter, which a pyenv shim may hide.
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      const child = run(python, [SKLEARN_SCRIPT], { maxBuffer: 1 << 20 });
      child.child.stdin!.on('error', () => undefined);
      child.child.stdin!.end(input);
      const { stdout } = await child;
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as { accuracy: number; features: number; sklearn: string };
    } catch (error) {
      log(`scikit-learn baseline with ${python} unavailable: ${error instanceof Error ? error.message.split('\n').slice(0, 2).join(' ') : String(error)}`);
    }
  }
  return null;
}

async function simulateDemo(
  corpus: readonly TLabeledText[],
  strategies: SamplingStrategyId[],
  { budget, batchSize, seeds, diversity }: { budget: number; batchSize: number; seeds: number; diversity: 'none' | 'kcenter' | 'cluster' },
): Promise<SimulationResult> {
  let lastLog = 0;
  return runSimulation({
    texts: corpus.map((row) => row.text),
    labels: Int32Array.from(corpus, (row) => row.label),
    classNames: ['ham', 'spam'],
    strategies,
    budget,
    batchSize,
    seeds,
    evalFraction: 0.2,
    kind: 'softmax',
    featurizer: { kind: 'hashed-ngrams', dim: DEFAULT_FEATURE_DIM },
    diversity,
    explorationShare: 0,
    seed: 1,
    onProgress: (progress) => {
      if (performance.now() - lastLog < 30_000) return;
      lastLog = performance.now();
      log(`  ${progress.done}/${progress.total} (${progress.strategy ?? 'full data'}, seed ${progress.seed + 1})`);
    },
  });
}
