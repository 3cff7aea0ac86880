import { describe, expect, it } from 'vitest';
import { expandCsrRows } from '../csr-rows';
import { createFeaturizer, restoreFeaturizer } from './featurizer';

// Loads the npm package's vectors (a binary cache is built on first use, a few seconds).
describe('hashed n-grams + word vectors featurizer', () => {
  const featurizer = createFeaturizer({ kind: 'hashed-ngrams-vectors', dim: 1024, charNgramRange: null });
  featurizer.fit(['the cat sat', 'a dog barked', 'stocks fell sharply']);

  it('appends a unit-length 100-d block after the hashed columns', () => {
    expect(featurizer.dim).toBe(1024 + 100);
    const rows = featurizer.transformSparse(['the cat sat on the mat']);
    let hashedNorm = 0;
    let vectorNorm = 0;
    for (let e = 0; e < rows.offsets[1]!; e++) {
      const v = rows.values[e]!;
      if (rows.columns[e]! < 1024) hashedNorm += v * v;
      else vectorNorm += v * v;
    }
    expect(hashedNorm).toBeCloseTo(1, 5);
    expect(vectorNorm).toBeCloseTo(1, 5);
  });

  it('puts related words nearer than unrelated ones, and leaves unknown scripts to the n-grams', () => {
    const [cat, dog, stocks] = [0, 1, 2].map((i) => expandCsrRows(featurizer.transformSparse(['kitten', 'puppy', 'shares'])).subarray(i * 1124 + 1024, (i + 1) * 1124));
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(cat!, dog!)).toBeGreaterThan(dot(cat!, stocks!));
    const rows = featurizer.transformSparse(['東京都']);
    for (let e = 0; e < rows.offsets[1]!; e++) expect(rows.columns[e]).toBeLessThan(1024);
  });

  it('restores from its config with the same rows', () => {
    const restored = restoreFeaturizer(JSON.parse(JSON.stringify(featurizer.toConfig())));
    expect(restored.transformSparse(['dogs and cats'])).toEqual(featurizer.transformSparse(['dogs and cats']));
  });
});
