import * as tf from '@tensorflow/tfjs';
import { initBackend } from './backend';
import { applyClassifier, hasDropout } from './models/forward';
import { createRng } from './random';

export const DEFAULT_PREDICT_BATCH_SIZE = 512;

/** Number of classes the model outputs. */
export function getNumClasses(model: tf.LayersModel): number {
  const units = model.outputs[0]?.shape.at(-1);
  if (typeof units !== 'number') throw new Error('model output has no static class dimension');
  return units;
}

function assertInputs(x: Float32Array, n: number, dim: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (x.length < n * dim) throw new RangeError(`x holds ${x.length} values, ${n}×${dim} needs ${n * dim}`);
}

/** Class probabilities, row-major n×k. Batched so a large pool never becomes one huge tensor. */
export function predictProba(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  dim: number,
  batchSize = DEFAULT_PREDICT_BATCH_SIZE,
): Float32Array {
  assertInputs(x, n, dim);
  const k = getNumClasses(model);
  const out = new Float32Array(n * k);
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    const probs = tf.tidy(() => {
      const input = tf.tensor2d(x.subarray(start * dim, (start + rows) * dim), [rows, dim]);
      return applyClassifier(model, input).dataSync();
    });
    out.set(probs, start * k);
  }
  return out;
}

/**
 * T stochastic forward passes with dropout on (Gal & Ghahramani 2016), one n×k
 * array per pass, for BALD. Reproducible: the masks come from `seed`.
 * Throws for a model without dropout, where every pass would be identical and BALD 0.
 */
export function predictProbaMcDropout(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  dim: number,
  samples: number,
  seed: number,
  batchSize = DEFAULT_PREDICT_BATCH_SIZE,
): Float32Array[] {
  assertInputs(x, n, dim);
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (!hasDropout(model)) throw new Error('MC dropout needs a model with dropout layers (use the mlp model)');
  const k = getNumClasses(model);
  const rng = createRng(seed);
  const nextDropoutSeed = () => rng.nextSeed();
  const outputs = Array.from({ length: samples }, () => new Float32Array(n * k));
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    const input = tf.tensor2d(x.subarray(start * dim, (start + rows) * dim), [rows, dim]);
    try {
      for (const output of outputs) {
        const probs = tf.tidy(() => applyClassifier(model, input, nextDropoutSeed).dataSync());
        output.set(probs, start * k);
      }
    } finally {
      input.dispose();
    }
  }
  return outputs;
}

/** What a model version stores: tfjs's own topology JSON, weight manifest and raw weights. */
export type ModelArtifact = {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: Uint8Array;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
};

export async function serializeModel(model: tf.LayersModel): Promise<ModelArtifact> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('model.save produced no JSON topology');
  }
  const weightData = artifacts.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : new Uint8Array(0);
  return {
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs ?? [],
    weightData,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
  };
}

export async function deserializeModel(artifact: ModelArtifact): Promise<tf.LayersModel> {
  await initBackend();
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifact.modelTopology,
      weightSpecs: artifact.weightSpecs,
      weightData: toExactArrayBuffer(artifact.weightData),
    }),
  );
}

// A Buffer from pg or fs is usually a view into a larger pooled ArrayBuffer;
// tfjs reads weights from the start of whatever ArrayBuffer it gets.
function toExactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** JSON values keyed by name; tfjs allows anything but null/undefined per key. */
export type ModelMetadata = NonNullable<tf.io.ModelJSON['userDefinedMetadata']>;

export const MODEL_JSON_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/**
 * Files of a standard tfjs model directory (what `tf.loadLayersModel('file://…/model.json')`
 * or a browser `http` loader reads). `metadata` lands in `userDefinedMetadata`, e.g. the
 * featurizer config, so a downloaded model carries what it needs to featurise text.
 */
export function buildModelDirectory(artifact: ModelArtifact, metadata?: ModelMetadata): Map<string, Buffer> {
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifact.modelTopology,
    format: artifact.format ?? 'layers-model',
    generatedBy: artifact.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: artifact.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifact.weightSpecs }],
    ...(metadata ? { userDefinedMetadata: metadata } : {}),
  };
  return new Map([
    [MODEL_JSON_FILE, Buffer.from(JSON.stringify(modelJson))],
    [WEIGHTS_FILE, Buffer.from(artifact.weightData)],
  ]);
}

/** Inverse of `buildModelDirectory`; the metadata comes back separately. */
export function readModelDirectory(files: ReadonlyMap<string, Uint8Array>): {
  artifact: ModelArtifact;
  metadata: ModelMetadata | null;
} {
  const json = files.get(MODEL_JSON_FILE);
  if (!json) throw new Error(`model directory has no ${MODEL_JSON_FILE}`);
  const modelJson = JSON.parse(Buffer.from(json).toString('utf8')) as tf.io.ModelJSON;
  const chunks: Uint8Array[] = [];
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  for (const group of modelJson.weightsManifest ?? []) {
    weightSpecs.push(...group.weights);
    for (const filePath of group.paths) {
      const chunk = files.get(filePath.replace(/^\.\//, ''));
      if (!chunk) throw new Error(`model directory is missing weight file ${filePath}`);
      chunks.push(chunk);
    }
  }
  const weightData = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    weightData.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return {
    artifact: {
      modelTopology: modelJson.modelTopology,
      weightSpecs,
      weightData,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
    },
    metadata: modelJson.userDefinedMetadata ?? null,
  };
}
