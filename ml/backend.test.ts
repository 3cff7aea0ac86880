import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { getBackendName, initBackend, measureMatMulGflops } from './backend';

describe('initBackend', () => {
  it('settles on one backend and returns the same promise every time', async () => {
    const first = initBackend();
    expect(initBackend()).toBe(first);
    const { name } = await first;
    expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(getBackendName()).toBe(name);
    expect(tf.getBackend()).toBe(name);
  });

  it('computes correctly on the chosen backend', async () => {
    await initBackend();
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])).dataSync());
    expect(Array.from(product)).toEqual([19, 22, 43, 50]);
  });

  it('measures matMul throughput without leaking tensors', async () => {
    await initBackend();
    const before = tf.memory().numTensors;
    const result = await measureMatMulGflops(32, 0);
    expect(result.size).toBe(32);
    expect(result.iterations).toBeGreaterThanOrEqual(3);
    expect(result.gflops).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
