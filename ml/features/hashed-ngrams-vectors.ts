import { expandCsrRows, type CsrRows } from '../csr-rows';
import { embedTexts } from './embed-texts';
import type { Featurizer } from './featurizer-types';
import { createHashedNgramFeaturizer } from './hashed-ngrams';
import type { HashedNgramsConfig, HashedNgramsOptions, HashedNgramsVectorsConfig } from './hashed-ngrams-config';

export type { HashedNgramsVectorsConfig } from './hashed-ngrams-config';
import { loadWordVectors } from './load-word-vectors';
import type { WordVectorSource } from './word-vector-sources';

export type HashedNgramsVectorsOptions = HashedNgramsOptions & {
  vectors?: WordVectorSource;
  /** Length of the appended word-vector block relative to the hashed block (both unit length before it). */
  vectorWeight?: number;
};


/**
 * Measured (bench/results/ml.json): the word-vector block lifts accuracy in the first
 * hundreds of labels, where a linear model on n-grams has seen too few of the words it meets.
 */
export const DEFAULT_VECTOR_WEIGHT = 1;

/**
 * Hashed n-grams (columns 0 .. 2^k) followed by a pretrained 100-d sentence vector (SIF mean
 * of word vectors shipped by an npm package): the n-grams fit the labels exactly once there
 * are many, the dense vector generalises from few (words never labeled still land near
 * labeled ones). Compressed rows throughout; the vector block is 100 extra entries per row.
 */
export function createHashedNgramsVectorsFeaturizer(options: HashedNgramsVectorsOptions, fitted?: HashedNgramsVectorsConfig): Featurizer {
  const hashed = createHashedNgramFeaturizer(fitted?.hashed ?? options, fitted?.hashed);
  const source = fitted?.vectors ?? options.vectors ?? 'wink-sg-100d';
  const vectorWeight = fitted?.vectorWeight ?? options.vectorWeight ?? DEFAULT_VECTOR_WEIGHT;
  if (!(vectorWeight >= 0)) throw new RangeError(`vectorWeight must be ≥ 0, got ${vectorWeight}`);
  const wordVectors = loadWordVectors(source);
  const dim = hashed.dim + wordVectors.dims;

  const appendVectors = (rows: CsrRows, texts: readonly string[]): CsrRows => {
    const dims = wordVectors.dims;
    const embedded = embedTexts(texts, wordVectors);
    const n = rows.rows;
    const offsets = new Int32Array(n + 1);
    const size = rows.offsets[n]! - rows.offsets[0]! + n * dims;
    const columns = new Int32Array(size);
    const values = new Float32Array(size);
    let at = 0;
    for (let r = 0; r < n; r++) {
      const from = rows.offsets[r]!;
      const to = rows.offsets[r + 1]!;
      columns.set(rows.columns.subarray(from, to), at);
      values.set(rows.values.subarray(from, to), at);
      at += to - from;
      for (let d = 0; d < dims; d++) {
        const value = embedded[r * dims + d]! * vectorWeight;
        if (value === 0) continue;
        columns[at] = hashed.dim + d;
        values[at++] = value;
      }
      offsets[r + 1] = at;
    }
    return { rows: n, cols: dim, offsets, columns: columns.subarray(0, at), values: values.subarray(0, at) };
  };

  const transformSparse = (texts: readonly string[]): CsrRows => appendVectors(hashed.transformSparse(texts), texts);

  return {
    kind: 'hashed-ngrams-vectors',
    dim,
    get isFitted() {
      return hashed.isFitted;
    },
    fit: (texts) => hashed.fit(texts),
    fitTransformSparse: (texts, extra) => appendVectors(hashed.fitTransformSparse(texts, extra), texts),
    transformSparse,
    transform(texts, out) {
      const dense = expandCsrRows(transformSparse(texts));
      if (!out) return dense;
      if (out.length < dense.length) throw new RangeError(`output holds ${out.length} values, needs ${dense.length}`);
      out.set(dense);
      return out;
    },
    toConfig: () => ({ kind: 'hashed-ngrams-vectors', version: 1, hashed: hashed.toConfig() as HashedNgramsConfig, vectors: source, vectorWeight }),
  };
}
