import type { WordVectors } from './load-word-vectors';

/** SIF's a (Arora et al. 2017): weight a / (a + p(w)) mutes the commonest words. */
const SIF_A = 1e-3;
/** Zipf estimate of a word's probability from its frequency rank (p ≈ 0.1 / rank), since the package ships ranks, not counts. */
const ZIPF_CONSTANT = 0.1;
const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/**
 * One unit-length vector per text: the SIF-weighted mean of its known words' vectors
 * (row-major n×dims). A text with no known word (e.g. not English) gets the zero vector
 * and relies on the hashed n-grams alone.
 */
export function embedTexts(texts: readonly string[], wordVectors: WordVectors): Float32Array {
  const { dims, index, vectors } = wordVectors;
  const out = new Float32Array(texts.length * dims);
  const sum = new Float64Array(dims);
  for (let t = 0; t < texts.length; t++) {
    sum.fill(0);
    let found = 0;
    for (const match of texts[t]!.toLowerCase().matchAll(WORD)) {
      const row = index.get(match[0]);
      if (row === undefined) continue;
      const weight = SIF_A / (SIF_A + ZIPF_CONSTANT / (row + 1));
      const base = row * dims;
      for (let d = 0; d < dims; d++) sum[d] = sum[d]! + weight * vectors[base + d]!;
      found++;
    }
    if (found === 0) continue;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += sum[d]! * sum[d]!;
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) out[t * dims + d] = sum[d]! * scale;
  }
  return out;
}
