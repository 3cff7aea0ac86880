import { describe, expect, it } from 'vitest';
import { expandCsrRows } from '../csr-rows';
import { createRng } from '../random';
import { createFeaturizer, DEFAULT_FEATURE_DIM, restoreFeaturizer, type Featurizer } from './featurizer';
import type { HashedNgramsConfig } from './hashed-ngrams-config';

const CORPUS = [
  'The service was great and the food was great',
  'Terrible service, cold food. Never again!',
  'The delivery arrived late but the driver was friendly',
  'Refund requested: package damaged 😡',
  'Café au lait était parfait',
  '',
];

function row(vectors: Float32Array, dim: number, index: number): Float32Array {
  return vectors.subarray(index * dim, (index + 1) * dim);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function nonZero(vector: Float32Array): Array<[number, number]> {
  const entries: Array<[number, number]> = [];
  vector.forEach((value, index) => {
    if (value !== 0) entries.push([index, value]);
  });
  return entries;
}

/** Word unigrams only, raw counts, no IDF: each word is a single ±1 entry before normalisation. */
function createWordOnly(dim: number): Featurizer {
  return createFeaturizer({ kind: 'hashed-ngrams', dim, wordNgramMax: 1, charNgramRange: null, sublinearTf: false, useIdf: false });
}

describe('hashed n-gram featurizer', () => {
  it('defaults to 2^18 dimensions with IDF that must be fitted', () => {
    const featurizer = createFeaturizer();
    expect(featurizer.dim).toBe(DEFAULT_FEATURE_DIM);
    expect(DEFAULT_FEATURE_DIM).toBe(2 ** 18);
    expect(featurizer.isFitted).toBe(false);
    expect(() => featurizer.transform(['x'])).toThrow(/fit/);
    featurizer.fit(CORPUS);
    expect(featurizer.isFitted).toBe(true);
  });

  it('is deterministic across instances', () => {
    const a = createFeaturizer({ kind: 'hashed-ngrams', dim: 1024 });
    const b = createFeaturizer({ kind: 'hashed-ngrams', dim: 1024 });
    a.fit(CORPUS);
    b.fit(CORPUS);
    expect(a.transform(CORPUS)).toEqual(b.transform(CORPUS));
    // A different hash seed is a different feature space.
    const c = createFeaturizer({ kind: 'hashed-ngrams', dim: 1024, seed: 1 });
    c.fit(CORPUS);
    expect(c.transform(CORPUS)).not.toEqual(a.transform(CORPUS));
  });

  it('L2-normalises every non-empty text and leaves an empty one at zero', () => {
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: 2048 });
    featurizer.fit(CORPUS);
    const vectors = featurizer.transform([...CORPUS, '?!...', 'a']);
    const norms = Array.from({ length: CORPUS.length + 2 }, (_, i) => Math.sqrt(dot(row(vectors, 2048, i), row(vectors, 2048, i))));
    for (const i of [0, 1, 2, 3, 4, 7]) expect(norms[i]).toBeCloseTo(1, 5);
    expect(norms[5]).toBe(0); // ''
    expect(norms[6]).toBe(0); // punctuation only
  });

  it('adds colliding features of equal sign and cancels opposite signs', () => {
    const dim = 16;
    const featurizer = createWordOnly(dim);
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const slots = words.map((word) => {
      const [entry] = nonZero(featurizer.transform([word]));
      const [bucket, value] = entry!;
      return { word, bucket, sign: Math.sign(value) };
    });
    const first = slots[0]!;
    const sameSign = slots.find((s) => s !== first && s.bucket === first.bucket && s.sign === first.sign)!;
    const oppositeSign = slots.find((s) => s.bucket === first.bucket && s.sign !== first.sign)!;
    expect(sameSign).toBeDefined();
    expect(oppositeSign).toBeDefined();

    // Same bucket, same sign: count 2 in one bucket, normalised back to ±1.
    expect(nonZero(featurizer.transform([`${first.word} ${sameSign.word}`]))).toEqual([[first.bucket, first.sign]]);
    // Same bucket, opposite signs: +1 − 1 = 0, the text hashes to the zero vector.
    expect(nonZero(featurizer.transform([`${first.word} ${oppositeSign.word}`]))).toEqual([]);
  });

  it('keeps inner products of unrelated texts unbiased (signs cancel on average)', () => {
    // Unsigned hashing would give E[dot] = 1/16 for two distinct words; signed gives 0.
    const dim = 16;
    const featurizer = createWordOnly(dim);
    const rng = createRng(5);
    const pairs = 4000;
    const texts: string[] = [];
    for (let i = 0; i < pairs; i++) texts.push(`a${rng.nextSeed()}`, `b${rng.nextSeed()}`);
    const vectors = featurizer.transform(texts);
    let sum = 0;
    for (let i = 0; i < pairs; i++) sum += dot(row(vectors, dim, 2 * i), row(vectors, dim, 2 * i + 1));
    // Each dot is ±1 with probability 1/16, so the standard error is 0.25/sqrt(4000) ≈ 0.004.
    expect(Math.abs(sum / pairs)).toBeLessThan(0.02);
  });

  it('fits smoothed IDF that down-weights common words', () => {
    const dim = 1024;
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim, wordNgramMax: 1, charNgramRange: null, sublinearTf: false });
    featurizer.fit(['the cat', 'the dog', 'the zebra', 'the end']);
    const vector = featurizer.transform(['the zebra'])!;
    const [theOnly] = nonZero(featurizer.transform(['the']));
    const [zebraOnly] = nonZero(featurizer.transform(['zebra']));
    const theBucket = theOnly![0];
    const zebraBucket = zebraOnly![0];
    expect(theBucket).not.toBe(zebraBucket);
    // N = 4 documents: idf(the) = ln(5/5) + 1 = 1, idf(zebra) = ln(5/2) + 1 = 1.916291.
    const idfZebra = Math.log(5 / 2) + 1;
    const norm = Math.sqrt(1 + idfZebra ** 2);
    expect(Math.abs(vector[theBucket]!)).toBeCloseTo(1 / norm, 6);
    expect(Math.abs(vector[zebraBucket]!)).toBeCloseTo(idfZebra / norm, 6);
    const config = featurizer.toConfig() as HashedNgramsConfig;
    expect(config.fittedDocCount).toBe(4);
    expect(config.idf![theBucket]).toBeCloseTo(1, 6);
    expect(config.idf![zebraBucket]).toBeCloseTo(idfZebra, 6);
  });

  it('uses sublinear term frequency 1 + ln(tf)', () => {
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: 1024, wordNgramMax: 1, charNgramRange: null, useIdf: false });
    const vector = featurizer.transform(['good good good bad']);
    const magnitudes = nonZero(vector).map(([, value]) => Math.abs(value)).sort((a, b) => a - b);
    // tf(good) = 3 → 1 + ln 3 = 2.098612; tf(bad) = 1 → 1.
    const norm = Math.sqrt(1 + (1 + Math.log(3)) ** 2);
    expect(magnitudes).toHaveLength(2);
    expect(magnitudes[0]).toBeCloseTo(1 / norm, 6);
    expect(magnitudes[1]).toBeCloseTo((1 + Math.log(3)) / norm, 6);
  });

  it('lets character n-grams relate inflected words and bigrams encode order', () => {
    const withChars = createFeaturizer({ kind: 'hashed-ngrams', dim: 4096, wordNgramMax: 1, charNgramRange: [3, 5], useIdf: false });
    const pair = withChars.transform(['refunding', 'refunded']);
    expect(dot(row(pair, 4096, 0), row(pair, 4096, 1))).toBeGreaterThan(0.3);

    const bigrams = createFeaturizer({ kind: 'hashed-ngrams', dim: 4096, wordNgramMax: 2, charNgramRange: null, useIdf: false });
    const unigrams = createFeaturizer({ kind: 'hashed-ngrams', dim: 4096, wordNgramMax: 1, charNgramRange: null, useIdf: false });
    const texts = ['not good', 'good not'];
    const withOrder = bigrams.transform(texts);
    const withoutOrder = unigrams.transform(texts);
    expect(dot(row(withOrder, 4096, 0), row(withOrder, 4096, 1))).toBeCloseTo(2 / 3, 5);
    expect(dot(row(withoutOrder, 4096, 0), row(withoutOrder, 4096, 1))).toBeCloseTo(1, 5);
  });

  it('treats case, punctuation and emoji sensibly', () => {
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: 4096, useIdf: false });
    const vectors = featurizer.transform(['Great SERVICE!', 'great service', 'great 😡', 'great😡']);
    expect(row(vectors, 4096, 0)).toEqual(row(vectors, 4096, 1));
    // The emoji is its own token whether or not a space separates it from the word.
    expect(row(vectors, 4096, 2)).toEqual(row(vectors, 4096, 3));
  });

  it('restores a fitted config from JSON with identical vectors', () => {
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: 1024, charNgramRange: [2, 4] });
    featurizer.fit(CORPUS);
    const config = JSON.parse(JSON.stringify(featurizer.toConfig()));
    const restored = restoreFeaturizer(config);
    expect(restored.isFitted).toBe(true);
    expect(restored.toConfig()).toEqual(featurizer.toConfig());
    expect(restored.transform(CORPUS)).toEqual(featurizer.transform(CORPUS));
  });

  it('writes into a caller buffer, clearing what the previous chunk left', () => {
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: 256, useIdf: false });
    const buffer = new Float32Array(3 * 256).fill(7);
    const result = featurizer.transform(['alpha beta', 'gamma'], buffer);
    expect(result).toBe(buffer);
    expect(result.subarray(0, 512)).toEqual(featurizer.transform(['alpha beta', 'gamma']));
    expect(() => featurizer.transform(['a', 'b', 'c', 'd'], buffer)).toThrow(RangeError);
  });

  it('gives the same rows compressed as dense, cancelled buckets left out', () => {
    const featurizer = createFeaturizer({ kind: 'hashed-ngrams', dim: 64 });
    featurizer.fit(CORPUS);
    const dense = featurizer.transform(CORPUS);
    const sparse = featurizer.transformSparse(CORPUS);
    expect(sparse.rows).toBe(CORPUS.length);
    expect(sparse.offsets[CORPUS.length]).toBe(dense.filter((v) => v !== 0).length);
    expect(expandCsrRows(sparse)).toEqual(dense);
    // The empty text is an empty row.
    expect(sparse.offsets[CORPUS.length]).toBe(sparse.offsets[CORPUS.length - 1]);
  });

  it('fits and transforms in one pass exactly like fit then transformSparse', () => {
    const separate = createFeaturizer({ kind: 'hashed-ngrams', dim: 128 });
    separate.fit([...CORPUS.slice(0, 4), ...CORPUS.slice(4)]);
    const fused = createFeaturizer({ kind: 'hashed-ngrams', dim: 128 });
    const rows = fused.fitTransformSparse(CORPUS.slice(0, 4), CORPUS.slice(4));
    expect(fused.toConfig()).toEqual(separate.toConfig());
    expect(rows).toEqual(separate.transformSparse(CORPUS.slice(0, 4)));
  });

  it('rejects dimensions that are not powers of two', () => {
    expect(() => createFeaturizer({ kind: 'hashed-ngrams', dim: 1000 })).toThrow(RangeError);
    expect(() => createFeaturizer({ kind: 'hashed-ngrams', charNgramRange: [4, 3] })).toThrow(RangeError);
    const config = createFeaturizer({ kind: 'hashed-ngrams', dim: 64 }).toConfig() as HashedNgramsConfig;
    expect(() => restoreFeaturizer({ ...config, idf: [1, 2, 3] })).toThrow(RangeError);
  });
});
