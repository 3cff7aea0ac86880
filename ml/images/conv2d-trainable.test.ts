import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { createRng } from '../random';
import { conv2dTrainable } from './conv2d-trainable';

beforeAll(async () => {
  await initBackend();
});

/**
 * The gradients of L = Σ conv(x, w) · r straight from the definition of a stride-1 cross-correlation
 * with tf's padding (before = ⌊(k−1)/2⌋): dW[i,j,c,f] = Σ x[n, y+i−p, x+j−q, c] · r[n,y,x,f] and
 * dX[n,y',x',c] = Σ w[i,j,c,f] · r[n, y'−i+p, x'−j+q, f], out-of-range terms 0.
 */
function referenceGradients(x: Float32Array, w: Float32Array, r: Float32Array, [n, h, wd, c]: [number, number, number, number], [kh, kw, , f]: [number, number, number, number], padding: 'same' | 'valid') {
  const p = padding === 'same' ? Math.floor((kh - 1) / 2) : 0;
  const q = padding === 'same' ? Math.floor((kw - 1) / 2) : 0;
  const oh = padding === 'same' ? h : h - kh + 1;
  const ow = padding === 'same' ? wd : wd - kw + 1;
  const dW = new Float64Array(kh * kw * c * f);
  const dX = new Float64Array(n * h * wd * c);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++)
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const sy = y + i - p;
            const sx = xx + j - q;
            if (sy < 0 || sy >= h || sx < 0 || sx >= wd) continue;
            for (let ci = 0; ci < c; ci++)
              for (let fo = 0; fo < f; fo++) {
                const rv = r[((b * oh + y) * ow + xx) * f + fo]!;
                dW[((i * kw + j) * c + ci) * f + fo]! += x[((b * h + sy) * wd + sx) * c + ci]! * rv;
                dX[((b * h + sy) * wd + sx) * c + ci]! += w[((i * kw + j) * c + ci) * f + fo]! * rv;
              }
          }
  return { dW, dX, outShape: [n, oh, ow, f] };
}

describe('conv2dTrainable', () => {
  const cases: { name: string; input: [number, number, number, number]; filter: [number, number, number, number]; padding: 'same' | 'valid' }[] = [
    { name: '3×3 same', input: [2, 5, 4, 2], filter: [3, 3, 2, 3], padding: 'same' },
    { name: '2×2 same (uneven padding)', input: [2, 4, 5, 1], filter: [2, 2, 1, 2], padding: 'same' },
    { name: '3×3 valid', input: [3, 6, 5, 2], filter: [3, 3, 2, 2], padding: 'valid' },
  ];
  for (const { name, input, filter, padding } of cases) {
    it(`matches tf.conv2d forward and the definition's gradients (${name})`, () => {
      const rng = createRng(7);
      const random = (size: number) => Float32Array.from({ length: size }, () => rng.next() * 2 - 1);
      const xValues = random(input.reduce((a, b) => a * b));
      const wValues = random(filter.reduce((a, b) => a * b));
      const x = tf.tensor4d(xValues, input);
      const w = tf.tensor4d(wValues, filter);
      const forward = conv2dTrainable(x, w, padding);
      const expected = tf.conv2d(x, w, 1, padding);
      expect(forward.shape).toEqual(expected.shape);
      expect(tf.max(tf.abs(tf.sub(forward, expected))).dataSync()[0]).toBeLessThan(1e-5);

      const rValues = random(expected.size);
      const r = tf.tensor4d(rValues, expected.shape);
      const [dX, dW] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv2dTrainable(a as tf.Tensor4D, b as tf.Tensor4D, padding), r)))([x, w]);
      const reference = referenceGradients(xValues, wValues, rValues, input, filter, padding);
      expect(reference.outShape).toEqual(expected.shape);
      const gotW = dW!.dataSync();
      const gotX = dX!.dataSync();
      reference.dW.forEach((value, i) => expect(gotW[i]).toBeCloseTo(value, 4));
      reference.dX.forEach((value, i) => expect(gotX[i]).toBeCloseTo(value, 4));
      tf.dispose([x, w, forward, expected, r, dX!, dW!]);
    });
  }
});
