import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, measureMatMulGflops } from '@/ml/backend';
import { chooseImageInput } from '@/ml/images/image-input';
import { gatherImages, type ImageSet } from '@/ml/images/image-set';
import { trainImageModel } from '@/ml/images/train-image-model';
import type { ImageClassifierKind } from '@/ml/model-kinds';
import { createRng } from '@/ml/random';
import { BATCH_DIVERSITIES, type BatchDiversity, type SamplingStrategyId } from '@/ml/sampling';
import type { SimulationResult } from '@/ml/simulate/simulation-settings';
import { formatSeedRatio, summarizeRatios } from '@/ml/simulate/summarize-seeds';
import { runParallelSimulation } from '@/server/worker/compute/run-parallel-simulation';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist, type TFashionMnist } from '../images/fashion-mnist';
import { writeReport, type TBenchFigure, type TBenchReport } from '../report';

/**
 * `npm run bench -- images`: image classification on Fashion-MNIST (Debian's `dataset-fashion-mnist`,
 * read from disk if installed; skipped with a note if not).
 *
 *   --parts list       wait (a 1k-image project's training), full (full-data accuracy on the standard
 *                      test split), curves (active-learning curves); default all three. A run of some
 *                      parts keeps the other parts' figures from the last results file.
 *   --models list      cnn,pixel-softmax: the models of full and curves
 *   --train N          training images for full-data accuracy (all 60,000)
 *   --pool N           pool of the curves, a seeded subset of the training split (10,000)
 *   --test N           test images of full-data accuracy (the 10,000 of the standard split)
 *   --curve-test N     test images every curve point is measured on (a seeded 5,000 of them)
 *   --budget N --batch N --seeds N --cnn-seeds N    curve budget, round size and runs
 *   --full-epochs N    CNN epoch cap of the full-data model (6: an epoch of 51k images is minutes here)
 *   --curve-epochs N   CNN epoch cap per curve round (15; rounds warm-start and early stopping ends most sooner)
 *   --strategies list  strategies of the curves (random,least_confidence,margin,entropy)
 *   --diversity mode   batch diversity of the uncertainty strategies: none, kcenter, cluster (none)
 *   --exploration S    expected share of each uncertainty batch drawn at random (0)
 *   --threads N        simulator threads (one per core)
 */
const SUITE = 'images';
const STRATEGIES: SamplingStrategyId[] = ['random', 'least_confidence', 'margin', 'entropy'];
const UNCERTAINTY: SamplingStrategyId[] = ['least_confidence', 'margin', 'entropy'];
const PART_PREFIX = { wait: '(b)', full: '(c)', curves: '(d)' } as const;
type TPart = keyof typeof PART_PREFIX;

function log(line: string) {
  console.info(`[bench:images] ${new Date().toISOString().slice(11, 19)} ${line}`);
}

export async function runBench(args: string[]): Promise<TBenchReport> {
  const { values } = parseArgs({
    args,
    options: {
      parts: { type: 'string', default: 'wait,full,curves' },
      models: { type: 'string', default: 'cnn,pixel-softmax' },
      train: { type: 'string' },
      pool: { type: 'string', default: '10000' },
      test: { type: 'string' },
      budget: { type: 'string' },
      batch: { type: 'string' },
      seeds: { type: 'string', default: '3' },
      'cnn-seeds': { type: 'string', default: '1' },
      'full-epochs': { type: 'string', default: '6' },
      'curve-epochs': { type: 'string', default: '15' },
      'curve-test': { type: 'string', default: '5000' },
      threads: { type: 'string', default: String(os.availableParallelism()) },
      strategies: { type: 'string', default: STRATEGIES.join(',') },
      diversity: { type: 'string', default: 'none' },
      exploration: { type: 'string', default: '0' },
    },
  });
  const data = loadFashionMnist();
  if (!data) {
    const note = `Fashion-MNIST is not installed (looked in ${FASHION_MNIST_DIR}); install it with: apt-get install dataset-fashion-mnist`;
    console.info(note);
    return { suite: SUITE, sizes: { skipped: 'dataset-fashion-mnist not installed' }, figures: [{ name: 'skipped', value: null, unit: '', note }] };
  }
  const parts = new Set(values.parts.split(',').map((p) => p.trim()) as TPart[]);
  const models = values.models.split(',').map((m) => m.trim()) as ImageClassifierKind[];
  const strategies = values.strategies.split(',').map((m) => m.trim()) as SamplingStrategyId[];
  if (!strategies.includes('random')) throw new Error('the curves need random: every ratio is to random');
  const diversity = values.diversity as BatchDiversity;
  if (!BATCH_DIVERSITIES.includes(diversity)) throw new Error(`--diversity is one of ${BATCH_DIVERSITIES.join(', ')}`);
  const explorationShare = Number(values.exploration);
  if (!(explorationShare >= 0 && explorationShare <= 1)) throw new Error('--exploration is a share in [0, 1]');
  // The default curves are named by model alone; a remedy's carry its settings: '(d) cnn [diversity cluster, exploration 0.1] margin …'.
  const curveVariant = diversity === 'none' && explorationShare === 0 ? '' : ` [diversity ${diversity}, exploration ${explorationShare}]`;
  const fullEpochs = Number(values['full-epochs']);
  const curveEpochs = Number(values['curve-epochs']);
  const started = performance.now();
  const loadAverage = () => os.loadavg()[0]!.toFixed(1);
  const backend = await initBackend();
  log(`backend ${backend.name}; load average ${loadAverage()}; ${data.train.images.count} train / ${data.test.images.count} test images from ${data.directory}`);
  const figures: TBenchFigure[] = [];
  const matMul = await measureMatMulGflops(512, 1);
  figures.push({ name: '(a) matMul 512×512, active backend', value: matMul.gflops, unit: 'GFLOP/s', note: `${matMul.backend}, ${matMul.iterations} iterations; load average ${loadAverage()} on ${os.cpus().length} cores shared with other work` });
  const test = takeTest(data, values.test ? Number(values.test) : data.test.images.count);
  // Each part's figures are written as soon as it ends: on a busy machine a later part may not.
  const done = new Set<TPart>();
  const finishPart = (part: TPart) => {
    done.add(part);
    writeReport({ suite: SUITE, sizes: mergeSizes(sizes), backend: backend.name, figures: mergeWithEarlier(figures, done, models, curveVariant) });
  };
  const sizes: Record<string, number | string> = { trainImages: data.train.images.count, testImages: test.images.count, side: 28, channels: 1, classes: FASHION_MNIST_CLASSES.length };

  if (parts.has('wait')) {
    // What a user waits for: a 1k-image project's version (train + temperature + evaluation on 200 evaluation images).
    const subset = sampleIndices(data.train.images.count, 1200, 7);
    const trainIdx = subset.slice(0, 1000);
    const evalIdx = subset.slice(1000);
    for (const kind of models) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const trained = await trainImageModel({
        images: gatherImages(data.train.images, trainIdx),
        labels: Int32Array.from(trainIdx, (i) => data.train.labels[i]!),
        numClasses: 10,
        evalImages: gatherImages(data.train.images, evalIdx),
        evalLabels: Int32Array.from(evalIdx, (i) => data.train.labels[i]!),
        input: chooseImageInput([{ width: 28, height: 28, channels: 1 }]),
        kind,
        seed: 1,
        outOfFoldFolds: kind === 'pixel-softmax' ? 4 : 0,
        committeeMembers: 0,
      });
      trained.model.dispose();
      const seconds = (performance.now() - t) / 1000;
      log(`wait ${kind}: ${seconds.toFixed(1)} s, accuracy ${trained.evaluation?.accuracy.value.toFixed(3)}`);
      figures.push({
        name: `(b) ${kind}: training a 1,000-image project (train + calibrate + evaluate), CPU time`,
        // CPU time, not wall time: wasm runs on one core, so on an idle machine the wait is about this.
        value: Number(cpuSeconds(cpu)),
        unit: 's',
        note: `${seconds.toFixed(0)} s wall on the shared machine; ${trained.epochs} epochs/iterations (best ${trained.bestEpoch}); accuracy on 200 held-out images ${trained.evaluation?.accuracy.value.toFixed(3)}; temperature ${trained.temperature.toFixed(2)}; load average ${loadAverage()}`,
      });
    }
    finishPart('wait');
  }

  if (parts.has('full')) {
    const trainCount = values.train ? Number(values.train) : data.train.images.count;
    const trainIdx = trainCount >= data.train.images.count ? Array.from({ length: trainCount }, (_, i) => i) : sampleIndices(data.train.images.count, trainCount, 11);
    Object.assign(sizes, { fullDataTrainImages: trainIdx.length, fullMaxEpochs: fullEpochs });
    for (const kind of models.slice().reverse()) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const trained = await trainImageModel({
        images: gatherImages(data.train.images, trainIdx),
        labels: Int32Array.from(trainIdx, (i) => data.train.labels[i]!),
        numClasses: 10,
        evalImages: test.images,
        evalLabels: test.labels,
        input: chooseImageInput([{ width: 28, height: 28, channels: 1 }]),
        kind,
        seed: 1,
        maxEpochs: fullEpochs,
        outOfFoldFolds: 0,
        committeeMembers: 0,
        bootstrapSamples: 200,
        onProgress: (p) => p.stage === 'training' && log(`full ${kind}: epoch ${p.epoch} loss ${p.loss.toFixed(4)} val ${p.valAccuracy?.toFixed(4) ?? '—'} (${((performance.now() - t) / 1000).toFixed(0)} s)`),
      });
      trained.model.dispose();
      const evaluation = trained.evaluation!;
      const seconds = (performance.now() - t) / 1000;
      log(`full ${kind}: accuracy ${evaluation.accuracy.value.toFixed(4)} in ${seconds.toFixed(0)} s`);
      figures.push({
        name: `(c) ${kind}: full-data accuracy, standard test split`,
        value: evaluation.accuracy.value,
        unit: '',
        ...(kind === 'cnn' ? { target: { value: 0.88, better: 'higher' as const } } : {}),
        note: `trained on ${trainIdx.length} images, tested on ${test.images.count}; 95% CI ${evaluation.accuracy.ci95[0].toFixed(3)}–${evaluation.accuracy.ci95[1].toFixed(3)}; ${trained.epochs} epochs/iterations (best ${trained.bestEpoch}); ECE ${evaluation.calibration?.eceBefore.toFixed(3) ?? '—'} → ${evaluation.calibration?.eceAfter.toFixed(3) ?? '—'} (T ${trained.temperature.toFixed(2)}); ${seconds.toFixed(0)} s wall, ${cpuSeconds(cpu)} s of CPU, load average ${loadAverage()}`,
      });
    }
    finishPart('full');
  }

  if (parts.has('curves')) {
    const poolSize = Number(values.pool);
    const curveTest = takeTest(data, Number(values['curve-test']));
    Object.assign(sizes, { curvePool: poolSize, curveTestImages: curveTest.images.count, curveMaxEpochs: curveEpochs });
    for (const kind of models) {
      const isCnn = kind === 'cnn';
      const budget = Number(values.budget ?? (isCnn ? 3000 : 2000));
      const batchSize = Number(values.batch ?? (isCnn ? 250 : 100));
      const seeds = Number(isCnn ? values['cnn-seeds'] : values.seeds);
      const poolIdx = sampleIndices(data.train.images.count, poolSize, 23);
      const images = concatImages(gatherImages(data.train.images, poolIdx), curveTest.images);
      const labels = Int32Array.from([...Array.from(poolIdx, (i) => data.train.labels[i]!), ...curveTest.labels]);
      const t = performance.now();
      const cpu = process.cpuUsage();
      log(`curves ${kind}: pool ${poolSize}, test ${curveTest.images.count}, budget ${budget}, rounds of ${batchSize}, ${seeds} seed(s)`);
      const result = await runParallelSimulation(
        {
          texts: [],
          images,
          labels,
          fixedEvalCount: curveTest.images.count,
          classNames: [...FASHION_MNIST_CLASSES],
          strategies,
          budget,
          batchSize,
          seeds,
          evalFraction: 0.5,
          kind,
          diversity,
          explorationShare,
          coldStart: 'random',
          maxEpochs: curveEpochs,
          accuracyAt: [500, 1000, 2000],
          seed: 5,
        },
        {
          threads: Number(values.threads),
          onProgress: (p) => log(`curves ${kind}: ${p.done}/${p.total} ${p.strategy ?? 'full data'} seed ${p.seed + 1} at ${p.labels} labels (${((performance.now() - t) / 1000).toFixed(0)} s, load ${loadAverage()})`),
        },
      );
      const trainings = seeds * (1 + strategies.length * Math.ceil(budget / batchSize));
      const cpuTotal = Number(cpuSeconds(cpu));
      // Sizes are shared by the models' figures, and a model's curves may be rerun alone: its own setup goes in its note.
      const setup = `${curveTest.images.count} test images, ${isCnn ? `CNN epoch cap ${curveEpochs} per round, ` : ''}diversity ${diversity}, exploration share ${explorationShare}; ${((performance.now() - t) / 1000).toFixed(0)} s wall, ${cpuTotal} s of CPU on ${values.threads} threads (${(cpuTotal / trainings).toFixed(1)} s per trained model, ${trainings} of them), load average ${loadAverage()}`;
      figures.push(...summarizeCurves(`${kind}${curveVariant}`, result, strategies, budget, batchSize, poolSize, setup));
    }
    finishPart('curves');
  }

  figures.push({ name: '(z) total bench time', value: (performance.now() - started) / 1000, unit: 's', note: `load average at the end ${loadAverage()}` });
  return { suite: SUITE, sizes: mergeSizes(sizes), backend: backend.name, figures: mergeWithEarlier(figures, done, models, curveVariant) };
}

function summarizeCurves(kind: string, result: SimulationResult, strategies: SamplingStrategyId[], budget: number, batchSize: number, poolSize: number, setup: string): TBenchFigure[] {
  const figures: TBenchFigure[] = [];
  const random = result.strategies.random!;
  for (const name of strategies) {
    const outcome = result.strategies[name]!;
    const s = outcome.labels_to_95_summary;
    const at = Object.entries(outcome.accuracy_at).map(([labels, accuracy]) => `${labels}: ${accuracy?.toFixed(3) ?? '—'}`).join(', ');
    figures.push({
      name: `(d) ${kind} ${name}: labels to 95% of full-data accuracy`,
      value: s.mean,
      unit: 'labels',
      note: `per seed ${outcome.labels_to_95_per_seed.map((v) => v ?? `>${budget}`).join(', ')} (${s.reached}/${s.runs} reached within ${budget}; the mean is of those); accuracy at ${at}; curve ${outcome.curve.map((p) => `${p.labels}:${p.accuracy.toFixed(3)}`).join(' ')}`,
    });
  }
  for (const name of UNCERTAINTY.filter((n) => strategies.includes(n))) {
    const outcome = result.strategies[name]!;
    const ratios = summarizeRatios(outcome.labels_to_95_per_seed, random.labels_to_95_per_seed, budget);
    const unpaired = ratios.runs - ratios.paired;
    figures.push({
      name: `(d) ${kind} ${name} ÷ random, labels to 95%`,
      // The mean of the seeds where both got there; a seed where either fell short within the budget is a bound, shown, not averaged.
      value: ratios.mean,
      unit: '×',
      ...(name === 'margin' ? { target: { value: 0.55, better: 'lower' as const } } : {}),
      note: `mean of ${ratios.paired}/${ratios.runs} seeds where both reached 95%; per seed ${ratios.perSeed.map(formatSeedRatio).join(', ')}${unpaired > 0 ? ` ('<': random short within ${budget}, an upper bound; '>': ${name} short, a lower bound)` : ''}; ${name} ${outcome.labels_to_95_per_seed.map((v) => v ?? `>${budget}`).join(', ')} vs random ${random.labels_to_95_per_seed.map((v) => v ?? `>${budget}`).join(', ')} labels`,
    });
  }
  figures.push({
    name: `(d) ${kind} full-data accuracy of the curve pool`,
    value: result.full_accuracy_per_seed.reduce((a, b) => a + b, 0) / result.full_accuracy_per_seed.length,
    unit: '',
    note: `per seed ${result.full_accuracy_per_seed.map((a) => a.toFixed(3)).join(', ')}; pool ${poolSize} training images, rounds of ${batchSize} from a random first batch, budget ${budget}; ${setup}`,
  });
  return figures;
}

/** CPU seconds of this process since `since` (the simulator's threads included): wall time on a shared machine says little. */
function cpuSeconds(since: NodeJS.CpuUsage): string {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1e6).toFixed(0);
}

function takeTest(data: TFashionMnist, count: number): { images: ImageSet; labels: Int32Array } {
  if (count >= data.test.images.count) return data.test;
  const idx = sampleIndices(data.test.images.count, count, 3);
  return { images: gatherImages(data.test.images, idx), labels: Int32Array.from(idx, (i) => data.test.labels[i]!) };
}

function sampleIndices(n: number, count: number, seed: number): number[] {
  return Array.from(createRng(seed).permutation(n).subarray(0, Math.min(n, count)));
}

function concatImages(a: ImageSet, b: ImageSet): ImageSet {
  const pixels = new Uint8Array(a.pixels.length + b.pixels.length);
  pixels.set(a.pixels);
  pixels.set(b.pixels, a.pixels.length);
  return { ...a, pixels, count: a.count + b.count };
}

function readEarlierReport(): { figures?: (TBenchFigure & { met?: unknown })[]; sizes?: Record<string, number | string> } {
  const file = path.resolve(import.meta.dirname, '..', 'results', `${SUITE}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

/** Sizes of earlier parts stay beside this run's (this run's win). */
function mergeSizes(sizes: Record<string, number | string>): Record<string, number | string> {
  return { ...readEarlierReport().sizes, ...sizes };
}

/**
 * Figures of parts (or models) not run this time come from the last results file, so parts can be
 * measured one at a time, each in its own process.
 */
function mergeWithEarlier(figures: TBenchFigure[], parts: Set<TPart>, models: ImageClassifierKind[], curveVariant: string): TBenchFigure[] {
  const earlier = readEarlierReport().figures ?? [];
  const skipped = (Object.keys(PART_PREFIX) as TPart[]).filter((part) => !parts.has(part)).map((part) => PART_PREFIX[part]);
  // Curves of another variant (diversity, exploration) are other figures: a run of one keeps the others'.
  const isOwnModel = (name: string, kind: ImageClassifierKind) =>
    name.startsWith(PART_PREFIX.curves)
      ? name.startsWith(`${PART_PREFIX.curves} ${kind}${curveVariant} `) && (curveVariant !== '' || !name.startsWith(`${PART_PREFIX.curves} ${kind} [`))
      : name.startsWith(`${name.slice(0, 3)} ${kind}`);
  const isRerun = (figure: TBenchFigure) => !skipped.some((prefix) => figure.name.startsWith(prefix)) && models.some((kind) => isOwnModel(figure.name, kind));
  const kept = earlier.filter((figure) => !isRerun(figure) && !figure.name.startsWith('(a)') && !figure.name.startsWith('(z)')).map(({ met: _met, ...figure }) => ({
    ...figure,
    note: figure.note?.endsWith('(earlier run)') ? figure.note : `${figure.note ?? ''} (earlier run)`.trim(),
  }));
  return [...figures.filter((f) => !f.name.startsWith('(z)')), ...kept, ...figures.filter((f) => f.name.startsWith('(z)'))].sort((x, y) => x.name.slice(0, 3).localeCompare(y.name.slice(0, 3)));
}
