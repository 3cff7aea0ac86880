import type { CsrRows } from '../csr-rows';
import type { HashedNgramsConfig, HashedNgramsVectorsConfig } from './hashed-ngrams-config';

/**
 * Serializable description of a featurizer, fitted state included, stored with
 * each model version. A local embedding model would add a variant here without changing callers.
 */
export type FeaturizerConfig = HashedNgramsConfig | HashedNgramsVectorsConfig;

export type FeaturizerKind = FeaturizerConfig['kind'];

export type Featurizer = {
  readonly kind: FeaturizerKind;
  readonly dim: number;
  /** False until `fit` ran (or a fitted config was restored) when the featurizer needs fitting. */
  readonly isFitted: boolean;
  /** Learns corpus statistics (IDF); use the whole pool, labels are not needed. */
  fit(texts: Iterable<string>): void;
  /**
   * Row-major n×dim, each non-empty row L2-normalised. Dense on purpose: tfjs takes it
   * as-is. At dim 4096 that is 16 KB per text, so feed large pools in chunks; passing
   * the same `out` buffer for every chunk avoids fresh allocations (the first
   * n×dim values are overwritten and returned).
   */
  transform(texts: readonly string[], out?: Float32Array): Float32Array;
  /** The same rows as `transform`, compressed: what training many labels should use (a dense 10k×4096 is 160 MB). */
  transformSparse(texts: readonly string[]): CsrRows;
  /** `fit([...texts, ...extra])` then `transformSparse(texts)`, reading `texts` once. */
  fitTransformSparse(texts: readonly string[], extra?: Iterable<string>): CsrRows;
  toConfig(): FeaturizerConfig;
};
