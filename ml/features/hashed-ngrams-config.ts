import type { WordVectorSource } from './word-vector-sources';

export type HashedNgramsOptions = {
  /** Power of two; indices are the low bits of the hash. */
  dim?: number;
  /** 1 = word unigrams only, 2 = unigrams and bigrams. */
  wordNgramMax?: 1 | 2;
  /** Character n-gram sizes inside word boundaries, inclusive; null turns them off. */
  charNgramRange?: readonly [number, number] | null;
  /**
   * Character n-grams only for words starting in the first this-many characters of a text;
   * null = the whole text. Default DEFAULT_CHAR_NGRAM_MAX_CHARS.
   */
  charNgramMaxChars?: number | null;
  /** 1 + ln(tf) instead of raw counts, so one repeated word cannot dominate a text. */
  sublinearTf?: boolean;
  useIdf?: boolean;
  /** Changes every hash; two featurizers with different seeds are not compatible. */
  seed?: number;
};

export type HashedNgramsConfig = {
  kind: 'hashed-ngrams';
  version: 1;
  dim: number;
  wordNgramMax: 1 | 2;
  charNgramRange: [number, number] | null;
  /** Absent in configs saved before it existed: those featurized whole texts (null). */
  charNgramMaxChars?: number | null;
  sublinearTf: boolean;
  useIdf: boolean;
  seed: number;
  /** Fitted smoothed IDF per bucket (float32 values), null before `fit`. */
  idf: number[] | null;
  fittedDocCount: number;
};

export type HashedNgramsVectorsConfig = {
  kind: 'hashed-ngrams-vectors';
  version: 1;
  hashed: HashedNgramsConfig;
  vectors: WordVectorSource;
  vectorWeight: number;
};
