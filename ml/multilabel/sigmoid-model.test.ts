import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { deserializeModel, predictProba, serializeModel } from '../predict';
import { expandCsrRows } from '../csr-rows';
import { generateMultilabelRows } from './multilabel-fixture';
import { buildSigmoidModel, predictLabelProbabilities } from './sigmoid-model';

describe('sigmoid model', () => {
  const { rows } = generateMultilabelRows({ n: 6, rates: [0.5, 0.5], seed: 3 });
  const kernel = Float32Array.from({ length: rows.cols * 2 }, (_, p) => Math.sin(p));
  const bias = Float32Array.from([0.3, -0.7]);

  it('predicts sigmoid(x·W + b) on the host, as tfjs does, and bakes temperatures in', async () => {
    await initBackend();
    const before = tf.memory().numTensors;
    const model = buildSigmoidModel({ kernel, bias, inputDim: rows.cols, numLabels: 2 });
    const host = predictLabelProbabilities(model, rows);
    const viaTfjs = predictProba(model, expandCsrRows(rows), rows.rows, rows.cols);
    for (let p = 0; p < host.length; p++) expect(host[p]).toBeCloseTo(viaTfjs[p]!, 5);
    // Row 0, label 1 by hand: z = b₁ + Σ x_j W_j1.
    let z = bias[1]!;
    for (let e = rows.offsets[0]!; e < rows.offsets[1]!; e++) z += rows.values[e]! * kernel[rows.columns[e]! * 2 + 1]!;
    expect(host[1]).toBeCloseTo(1 / (1 + Math.exp(-z)), 5);
    const hot = buildSigmoidModel({ kernel, bias, inputDim: rows.cols, numLabels: 2, temperatures: [1, 2] });
    expect(predictLabelProbabilities(hot, rows)[1]).toBeCloseTo(1 / (1 + Math.exp(-z / 2)), 5);
    model.dispose();
    hot.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('survives serializeModel/deserializeModel (how model_versions stores models)', async () => {
    const model = buildSigmoidModel({ kernel, bias, inputDim: rows.cols, numLabels: 2 });
    const restored = await deserializeModel(await serializeModel(model));
    expect(Array.from(predictLabelProbabilities(restored, rows))).toEqual(Array.from(predictLabelProbabilities(model, rows)));
    model.dispose();
    restored.dispose();
  });
});
