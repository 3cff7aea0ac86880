import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { buildMlpModel } from './models/mlp';
import { buildSoftmaxModel } from './models/softmax';
import {
  buildModelDirectory,
  deserializeModel,
  MODEL_JSON_FILE,
  predictProba,
  predictProbaMcDropout,
  readModelDirectory,
  serializeModel,
  WEIGHTS_FILE,
} from './predict';

const DIM = 20;
const N = 7;
const X = Float32Array.from({ length: N * DIM }, (_, i) => Math.cos(i * 0.37));

let mlp: tf.LayersModel;
let softmax: tf.LayersModel;

beforeAll(async () => {
  await initBackend();
  mlp = buildMlpModel({ inputDim: DIM, numClasses: 3, hidden: [16], dropout: 0.5, l2: 0, seed: 3 });
  softmax = buildSoftmaxModel({ inputDim: DIM, numClasses: 4, l2: 0, seed: 3 });
});

afterAll(() => {
  mlp.dispose();
  softmax.dispose();
});

describe('predictProba', () => {
  it('returns n×k probabilities independent of the batch size, without leaking', () => {
    const before = tf.memory().numTensors;
    const whole = predictProba(softmax, X, N, DIM);
    const batched = predictProba(softmax, X, N, DIM, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(whole).toHaveLength(N * 4);
    expect(Array.from(batched)).toEqual(Array.from(whole));
    for (let i = 0; i < N; i++) expect(whole.subarray(i * 4, i * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('ignores dropout at inference', () => {
    expect(predictProba(mlp, X, N, DIM)).toEqual(predictProba(mlp, X, N, DIM));
  });

  it('handles an empty pool and rejects a short buffer', () => {
    expect(predictProba(softmax, X, 0, DIM)).toHaveLength(0);
    expect(() => predictProba(softmax, X, N + 1, DIM)).toThrow(RangeError);
  });
});

describe('predictProbaMcDropout', () => {
  it('draws T different, seed-reproducible dropout samples', () => {
    const before = tf.memory().numTensors;
    const a = predictProbaMcDropout(mlp, X, N, DIM, 4, 42, 3);
    const b = predictProbaMcDropout(mlp, X, N, DIM, 4, 42, 3);
    const c = predictProbaMcDropout(mlp, X, N, DIM, 4, 43, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(a).toHaveLength(4);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a[0]).not.toEqual(a[1]);
    for (const sample of a) {
      expect(sample).toHaveLength(N * 3);
      expect(sample[0]! + sample[1]! + sample[2]!).toBeCloseTo(1, 5);
    }
  });

  it('refuses a model without dropout, where every sample would be identical', () => {
    expect(() => predictProbaMcDropout(softmax, X, N, DIM, 3, 1)).toThrow(/dropout/);
  });
});

describe('model serialisation', () => {
  it('round-trips through JSON topology and raw weights', async () => {
    const artifact = await serializeModel(mlp);
    expect(artifact.weightData).toBeInstanceOf(Uint8Array);
    // 20×16 + 16 + 16×3 + 3 float32 weights
    expect(artifact.weightData.byteLength).toBe((20 * 16 + 16 + 16 * 3 + 3) * 4);
    const stored = JSON.parse(JSON.stringify({ modelTopology: artifact.modelTopology, weightSpecs: artifact.weightSpecs }));
    // A Buffer from a database driver is a view into a bigger pool, at an offset.
    const pooled = Buffer.concat([Buffer.alloc(13, 7), Buffer.from(artifact.weightData)]).subarray(13);
    const restored = await deserializeModel({ ...stored, weightData: pooled });
    expect(predictProba(restored, X, N, DIM)).toEqual(predictProba(mlp, X, N, DIM));
    restored.dispose();
  });

  it('writes a standard tfjs model directory that loads back with its metadata', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'quorum-model-'));
    try {
      const files = buildModelDirectory(await serializeModel(softmax), { featurizer: { kind: 'hashed-ngrams', dim: DIM } });
      for (const [name, bytes] of files) writeFileSync(path.join(dir, name), bytes);
      expect(readdirSync(dir).sort()).toEqual([MODEL_JSON_FILE, WEIGHTS_FILE]);
      const modelJson = JSON.parse(readFileSync(path.join(dir, MODEL_JSON_FILE), 'utf8'));
      expect(modelJson.format).toBe('layers-model');
      expect(modelJson.weightsManifest[0].paths).toEqual([`./${WEIGHTS_FILE}`]);

      const read = readModelDirectory(new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))])));
      expect(read.metadata).toEqual({ featurizer: { kind: 'hashed-ngrams', dim: DIM } });
      const restored = await deserializeModel(read.artifact);
      expect(predictProba(restored, X, N, DIM)).toEqual(predictProba(softmax, X, N, DIM));
      restored.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
