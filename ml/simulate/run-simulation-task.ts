import type * as tf from '@tensorflow/tfjs';
import { expandCsrRange, gatherCsrRows } from '../csr-rows';
import { computeAccuracy, computeClassMetrics, computeConfusionMatrix, computeMacroF1, computePredictedLabels } from '../metrics';
import { predictProbaMcDropout } from '../predict';
import { predictRows } from '../predict-rows';
import { createRng, type Rng } from '../random';
import { DEFAULT_COLD_START_LABELS_PER_CLASS, isColdStart, scorePool, type SamplingStrategyId } from '../sampling';
import { trainClassifier, trainCommittee } from '../train';
import { MIN_VALIDATION_LABELS } from '../pipeline/train-model';
import { gatherImages } from '../images/image-set';
import { embedImages, predictImages, predictImagesMcDropout } from '../images/predict-images';
import { trainImageClassifier, type ImageWarmStart } from '../images/train-image-classifier';
import { trainImageCommittee } from '../images/train-image-committee';
import { isImageModelKind } from '../model-kinds';
import type { CurvePoint } from './learning-curve';
import { pickBatch } from './pick-batch';
import { getSeedSplit, type PreparedSimulation, type SeedSplit, type SimulationTask } from './prepare-simulation';
import { DEFAULT_COMMITTEE_MEMBERS, type SimulationOptions } from './simulation-settings';

/** A task's outcome: the seed's full-data accuracy, or the strategy's learning curve on that seed. */
export type SimulationTaskOutcome = { seed: number; strategy: SamplingStrategyId | null; fullAccuracy: number | null; curve: CurvePoint[] | null };

/**
 * Runs one task: trains on the seed's whole pool, or replays one strategy from the seed's
 * shared cold-start batch up to the budget. `onStep` is called once per trained model
 * (with its label count), for progress.
 */
export async function runSimulationTask(prepared: PreparedSimulation, task: SimulationTask, onStep?: (labels: number) => void): Promise<SimulationTaskOutcome> {
  const split = getSeedSplit(prepared, task.seed);
  const { input, poolSize, budget } = prepared;
  if (task.strategy === null) {
    const full = await trainAndEvaluate(split, Int32Array.from({ length: poolSize }, (_, p) => p), input, split.modelSeed, false, null);
    full.model.dispose();
    onStep?.(poolSize);
    return { seed: task.seed, strategy: null, fullAccuracy: full.accuracy, curve: null };
  }
  // The same model-seed sequence for every strategy: the rounds differ only by the labels bought.
  const curve = await runStrategy(split, task.strategy, split.initial, budget, input, split.modelSeed, (labels) => onStep?.(labels));
  return { seed: task.seed, strategy: task.strategy, fullAccuracy: null, curve };
}

/** What one round leaves the next to start from: softmax weights (text) or an image model's weights. */
type Weights = { kernel: Float32Array; bias: Float32Array } | ImageWarmStart;

async function runStrategy(
  split: SeedSplit,
  strategy: SamplingStrategyId,
  initial: readonly number[],
  budget: number,
  options: SimulationOptions,
  modelSeed: number,
  onRound: (labels: number) => void,
): Promise<CurvePoint[]> {
  const poolSize = split.pool.length;
  const isLabeled = new Uint8Array(poolSize);
  const labeled: number[] = [];
  const add = (positions: readonly number[]) => {
    for (const p of positions) {
      if (isLabeled[p]) continue;
      isLabeled[p] = 1;
      labeled.push(p);
    }
  };
  add(initial);
  const curve: CurvePoint[] = [];
  const k = options.coldStartLabelsPerClass ?? DEFAULT_COLD_START_LABELS_PER_CLASS;
  const modelRng = createRng(modelSeed);
  // Picking randomness (tie breaks, random batches) is per strategy; model seeds are shared.
  const rng = createRng(modelSeed ^ hashName(strategy));
  let warm: Weights | null = null;
  for (;;) {
    const positions = Int32Array.from(labeled);
    const { accuracy, macroF1, model, committee, weights } = await trainAndEvaluate(split, positions, options, modelRng.nextSeed(), strategy === 'committee', warm);
    warm = weights;
    try {
      curve.push({ labels: labeled.length, accuracy, macroF1 });
      onRound(labeled.length);
      const remaining = Math.min(options.batchSize, budget - labeled.length, poolSize - labeled.length);
      if (remaining <= 0) break;
      const counts = countClasses(Int32Array.from(labeled, (p) => split.labels[split.pool[p]!]!), split.numClasses);
      const eligible = Uint8Array.from(isLabeled, (v) => 1 - v);
      const useRandom = strategy === 'random' || isColdStart(counts, Math.min(k, budget));
      const scores = useRandom
        ? scorePool({ strategy: 'random', n: poolSize, numClasses: split.numClasses, rng })
        : scoreUnlabeled(split, strategy, model, committee, eligible, options, rng);
      const diversity = useRandom ? 'none' : options.diversity;
      add(
        pickBatch({
          scores,
          eligible,
          // A CNN's diversity is measured in its embedding, which moves every round; pixels otherwise.
          rows: diversity !== 'none' && split.poolImages ? embedImages(model, split.poolImages) : split.poolRows,
          batchSize: remaining,
          diversity,
          explorationShare: useRandom ? 0 : options.explorationShare,
          rng,
        }),
      );
    } finally {
      model.dispose();
      committee.forEach((member) => member.dispose());
    }
  }
  return curve;
}

/** Strategy scores for every pool position (labeled ones get NaN and are ineligible anyway). */
function scoreUnlabeled(
  split: SeedSplit,
  strategy: SamplingStrategyId,
  model: tf.LayersModel,
  committee: tf.LayersModel[],
  eligible: Uint8Array,
  options: SimulationOptions,
  rng: Rng,
): Float32Array {
  const unlabeled: number[] = [];
  eligible.forEach((isEligible, p) => isEligible && unlabeled.push(p));
  const n = unlabeled.length;
  const k = split.numClasses;
  let chunkScores: Float32Array;
  if (split.poolImages) {
    const images = gatherImages(split.poolImages, unlabeled);
    if (strategy === 'bald') chunkScores = scorePool({ strategy, n, numClasses: k, rng, mcSamples: predictImagesMcDropout(model, images, options.mcSamples ?? 10, rng.nextSeed()) });
    else if (strategy === 'committee') chunkScores = scorePool({ strategy, n, numClasses: k, rng, committeeProbs: committee.map((member) => predictImages(member, images)) });
    else chunkScores = scorePool({ strategy, n, numClasses: k, rng, probs: predictImages(model, images) });
    return spreadScores(chunkScores, unlabeled, eligible.length);
  }
  const rows = gatherCsrRows(split.poolRows, unlabeled, n);
  if (strategy === 'bald') {
    const x = expandCsrRange(rows, 0, n);
    chunkScores = scorePool({ strategy, n, numClasses: k, rng, mcSamples: predictProbaMcDropout(model, x, n, rows.cols, options.mcSamples ?? 10, rng.nextSeed()) });
  } else if (strategy === 'committee') {
    chunkScores = scorePool({ strategy, n, numClasses: k, rng, committeeProbs: committee.map((member) => predictRows(member, rows)) });
  } else {
    chunkScores = scorePool({ strategy, n, numClasses: k, rng, probs: predictRows(model, rows) });
  }
  return spreadScores(chunkScores, unlabeled, eligible.length);
}

function spreadScores(chunkScores: Float32Array, unlabeled: readonly number[], poolSize: number): Float32Array {
  const scores = new Float32Array(poolSize).fill(Number.NaN);
  unlabeled.forEach((p, i) => (scores[p] = chunkScores[i]!));
  return scores;
}

async function trainAndEvaluate(
  split: SeedSplit,
  positions: Int32Array,
  options: SimulationOptions,
  seed: number,
  withCommittee: boolean,
  warm: Weights | null,
): Promise<{ accuracy: number; macroF1: number; model: tf.LayersModel; committee: tf.LayersModel[]; weights: Weights | null }> {
  const items = Int32Array.from(positions, (p) => split.pool[p]!);
  const y = Int32Array.from(items, (i) => split.labels[i]!);
  if (split.poolImages && isImageModelKind(options.kind)) return trainAndEvaluateImages(split, positions, y, options, seed, withCommittee, warm);
  const rows = gatherCsrRows(split.rows, items, items.length);
  const base = { rows, y, dim: rows.cols, numClasses: split.numClasses, kind: options.kind, seed, maxEpochs: options.maxEpochs, minValidationSize: MIN_VALIDATION_LABELS };
  const init = warm && 'kernel' in warm ? warm : null;
  const trained = await trainClassifier({ ...base, init });
  const committee = withCommittee
    ? (await trainCommittee({ ...base, init: trained.weights ?? null, seed: seed + 1, members: options.committeeMembers ?? DEFAULT_COMMITTEE_MEMBERS })).map((m) => m.model)
    : [];
  const probs = predictRows(trained.model, split.evalRows);
  const confusion = computeConfusionMatrix(split.evalLabels, computePredictedLabels(probs, split.numClasses), split.numClasses);
  return { accuracy: computeAccuracy(confusion), macroF1: computeMacroF1(computeClassMetrics(confusion)), model: trained.model, committee, weights: trained.weights ?? null };
}

async function trainAndEvaluateImages(
  split: SeedSplit,
  positions: Int32Array,
  y: Int32Array,
  options: SimulationOptions,
  seed: number,
  withCommittee: boolean,
  warm: Weights | null,
): Promise<{ accuracy: number; macroF1: number; model: tf.LayersModel; committee: tf.LayersModel[]; weights: Weights | null }> {
  const images = gatherImages(split.poolImages!, positions);
  const kind = options.kind as Extract<typeof options.kind, 'cnn' | 'pixel-softmax'>;
  const base = { images, y, numClasses: split.numClasses, kind, maxEpochs: options.maxEpochs, minValidationSize: MIN_VALIDATION_LABELS };
  // Held out by pool position with the seed's salt: the same images in every round of every strategy of the seed, so a warm-started round never early-stops on images an earlier round trained on.
  const trained = await trainImageClassifier({ ...base, seed, init: warm && 'values' in warm ? warm : null, validationKeys: { keys: positions, salt: split.modelSeed } });
  const committee = withCommittee ? await trainImageCommittee({ ...base, seed: seed + 1, members: options.committeeMembers ?? DEFAULT_COMMITTEE_MEMBERS }) : [];
  const probs = predictImages(trained.model, split.evalImages!);
  const confusion = computeConfusionMatrix(split.evalLabels, computePredictedLabels(probs, split.numClasses), split.numClasses);
  return { accuracy: computeAccuracy(confusion), macroF1: computeMacroF1(computeClassMetrics(confusion)), model: trained.model, committee, weights: trained.warmStart };
}

export function countClasses(labels: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

/** A stable per-strategy seed offset, so adding a strategy does not change the others' runs. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}
