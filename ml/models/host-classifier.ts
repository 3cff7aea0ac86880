import type { CsrRows } from '../csr-rows';
import { multiplyCsrDense } from './host-gradients';

/**
 * A stored classifier (tfjs topology + weight manifest + raw weights) evaluated in plain typed-array
 * code, without TensorFlow.js: for answering one case at a time inside the app process, where a tfjs
 * call (a tensor upload, a kernel launch, a read-back) costs more than the arithmetic of a softmax
 * regression or a one-hidden-layer MLP over a few hundred non-zeros. Supports the Sequential
 * Dense/Dropout stacks that buildSoftmaxModel and buildMlpModel produce (dropout is off at inference);
 * the temperature is already baked into the stored last layer (scale-temperature.ts).
 */
export type HostClassifier = { inputDim: number; numClasses: number; predict(rows: CsrRows): Float32Array };

export type StoredClassifier = {
  modelTopology: object;
  weightSpecs: readonly { name: string; shape: number[]; dtype: string }[];
  weightData: Uint8Array;
};

type DenseLayer = { units: number; inDim: number; activation: 'relu' | 'linear' | 'softmax'; kernel: Float32Array; bias: Float32Array | null };

const ACTIVATIONS = new Set(['relu', 'linear', 'softmax']);

/** Reads the stored model; throws on a topology this code cannot evaluate (so the caller never guesses). */
export function createHostClassifier(stored: StoredClassifier): HostClassifier {
  const layers = readDenseLayers(stored);
  const first = layers[0]!;
  const last = layers.at(-1)!;
  if (last.activation !== 'softmax') throw new Error('the last layer is not a softmax');
  return {
    inputDim: first.inDim,
    numClasses: last.units,
    predict(rows) {
      if (rows.cols !== first.inDim) throw new RangeError(`rows have ${rows.cols} columns, the model takes ${first.inDim}`);
      let values = finishLayer(first, multiplyCsrDense(rows, first.kernel, first.units), rows.rows);
      for (const layer of layers.slice(1)) values = finishLayer(layer, multiplyDense(values, rows.rows, layer), rows.rows);
      return values;
    },
  };
}

type KerasLayer = { class_name: string; config: { units?: number; activation?: string; use_bias?: boolean; batch_input_shape?: (number | null)[] } };

function readDenseLayers(stored: StoredClassifier): DenseLayer[] {
  const topology = stored.modelTopology as { class_name?: string; config?: { layers?: KerasLayer[] } | KerasLayer[] };
  // tfjs writes a Sequential's config as { name, layers } (older Keras JSON: the bare list).
  const config = topology.config;
  const kerasLayers = Array.isArray(config) ? config : config?.layers;
  if (topology.class_name !== 'Sequential' || !kerasLayers || kerasLayers.length === 0) throw new Error('not a Sequential model');
  const bytes = stored.weightData;
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let offset = 0;
  let specIndex = 0;
  const take = (expected: readonly number[]): Float32Array => {
    const spec = stored.weightSpecs[specIndex++];
    if (!spec || spec.dtype !== 'float32' || spec.shape.join('x') !== expected.join('x')) {
      throw new Error(`weight ${specIndex} is ${spec ? `${spec.dtype} ${spec.shape.join('x')}` : 'missing'}, expected float32 ${expected.join('x')}`);
    }
    const size = expected.reduce((a, b) => a * b, 1);
    if (offset + size > floats.length) throw new Error('the weights are shorter than their manifest');
    const values = floats.subarray(offset, offset + size);
    offset += size;
    return values;
  };
  const layers: DenseLayer[] = [];
  let inDim = Number(kerasLayers[0]!.config.batch_input_shape?.at(-1));
  for (const layer of kerasLayers) {
    if (layer.class_name === 'Dropout') continue;
    if (layer.class_name !== 'Dense') throw new Error(`unsupported layer ${layer.class_name}`);
    const units = Number(layer.config.units);
    const activation = layer.config.activation ?? 'linear';
    if (!Number.isInteger(inDim) || inDim < 1 || !Number.isInteger(units) || units < 1) throw new Error('a Dense layer without a static shape');
    if (!ACTIVATIONS.has(activation)) throw new Error(`unsupported activation ${activation}`);
    const kernel = take([inDim, units]);
    const bias = layer.config.use_bias === false ? null : take([units]);
    layers.push({ units, inDim, activation: activation as DenseLayer['activation'], kernel, bias });
    inDim = units;
  }
  if (specIndex !== stored.weightSpecs.length || offset !== floats.length) throw new Error('the weights do not match the topology');
  if (layers.length === 0) throw new Error('a model without Dense layers');
  return layers;
}

/** n×inDim dense values times the layer's kernel. */
function multiplyDense(input: Float32Array, n: number, layer: DenseLayer): Float32Array {
  const { inDim, units, kernel } = layer;
  const out = new Float32Array(n * units);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < inDim; j++) {
      const value = input[i * inDim + j]!;
      if (value === 0) continue;
      const kOffset = j * units;
      for (let u = 0; u < units; u++) out[i * units + u] = out[i * units + u]! + value * kernel[kOffset + u]!;
    }
  }
  return out;
}

/** Bias and activation, in place. */
function finishLayer(layer: DenseLayer, values: Float32Array, n: number): Float32Array {
  const { units, bias, activation } = layer;
  for (let i = 0; i < n; i++) {
    const offset = i * units;
    if (bias) for (let u = 0; u < units; u++) values[offset + u] = values[offset + u]! + bias[u]!;
    if (activation === 'relu') for (let u = 0; u < units; u++) values[offset + u] = Math.max(0, values[offset + u]!);
    if (activation === 'softmax') {
      let max = Number.NEGATIVE_INFINITY;
      for (let u = 0; u < units; u++) max = Math.max(max, values[offset + u]!);
      let sum = 0;
      for (let u = 0; u < units; u++) {
        const e = Math.exp(values[offset + u]! - max);
        values[offset + u] = e;
        sum += e;
      }
      for (let u = 0; u < units; u++) values[offset + u] = values[offset + u]! / sum;
    }
  }
  return values;
}
