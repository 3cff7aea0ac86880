import type { CsrRows } from '../csr-rows';
import { growTypedArray } from '../grow-typed-array';
import { DEFAULT_FEATURE_DIM } from './feature-dim';
import type { Featurizer } from './featurizer-types';
import type { HashedNgramsConfig, HashedNgramsOptions } from './hashed-ngrams-config';
import { finalizeHash, mixHashBlock } from './hash';

export type { HashedNgramsConfig, HashedNgramsOptions } from './hashed-ngrams-config';

const MIN_DIM = 2 ** 4;
const MAX_DIM = 2 ** 20;
const MAX_CHAR_NGRAM = 8;
/**
 * Character n-grams help short texts (typos, inflections, rare words) and cost long ones
 * dearly: an e-mail had ~2,050 non-zeros with them against ~420 without, and training time
 * follows the non-zeros. Past the first 1,000 characters (a few sentences) the words and
 * bigrams carry the topic; short texts keep every character n-gram.
 */
export const DEFAULT_CHAR_NGRAM_MAX_CHARS = 1_000;

// Each feature family hashes with its own seed so "ab" the word, "ab" the
// character n-gram and a bigram never share a bucket by construction.
const WORD_SALT = 0x1b3c5d7f;
const BIGRAM_SALT = 0x2468ace1;
const CHAR_SALT = 0x7f4a7c15;

// sklearn's char_wb pads words with a space; any code unit that cannot be part of a word works.
const BOUNDARY_UNIT = 0x20;

// 1 + ln(c) for small counts: Math.log per bucket was a third of transform time.
const SUBLINEAR_TABLE_SIZE = 256;
const SUBLINEAR_TF = Float64Array.from({ length: SUBLINEAR_TABLE_SIZE }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));

function computeSublinearTf(count: number): number {
  const magnitude = count < 0 ? -count : count;
  const value = magnitude < SUBLINEAR_TABLE_SIZE ? SUBLINEAR_TF[magnitude]! : 1 + Math.log(magnitude);
  return count < 0 ? -value : value;
}

const enum UnitClass {
  Separator = 0,
  Word = 1,
  /** High surrogate: emoji and other astral symbols become tokens of their own. */
  Astral = 2,
}

function classifyUnit(c: number): UnitClass {
  if (c < 0x80) {
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (c >= 0x41 && c <= 0x5a)
      ? UnitClass.Word
      : UnitClass.Separator;
  }
  if (c < 0xc0) return UnitClass.Separator; // Latin-1 punctuation, nbsp, «, », ¿
  if (c === 0xd7 || c === 0xf7) return UnitClass.Separator; // × ÷
  if (c >= 0x2000 && c <= 0x2bff) return UnitClass.Separator; // general punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303f) return UnitClass.Separator; // CJK punctuation
  if (c >= 0xd800 && c <= 0xdbff) return UnitClass.Astral;
  if (c >= 0xdc00 && c <= 0xdfff) return UnitClass.Separator; // stray low surrogate
  if (c >= 0xfe30 && c <= 0xfe4f) return UnitClass.Separator;
  if (c >= 0xff00 && c <= 0xff0f) return UnitClass.Separator; // full-width punctuation
  return UnitClass.Word;
}

function resolveConfig(options: HashedNgramsOptions, fitted?: HashedNgramsConfig): HashedNgramsConfig {
  const dim = options.dim ?? DEFAULT_FEATURE_DIM;
  if (!Number.isInteger(dim) || dim < MIN_DIM || dim > MAX_DIM || (dim & (dim - 1)) !== 0) {
    throw new RangeError(`featurizer dim must be a power of two in [${MIN_DIM}, ${MAX_DIM}], got ${dim}`);
  }
  const wordNgramMax = options.wordNgramMax ?? 2;
  if (wordNgramMax !== 1 && wordNgramMax !== 2) throw new RangeError(`wordNgramMax must be 1 or 2`);
  const range = options.charNgramRange === undefined ? ([3, 5] as const) : options.charNgramRange;
  if (range) {
    const [lo, hi] = range;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo || hi > MAX_CHAR_NGRAM) {
      throw new RangeError(`charNgramRange must satisfy 1 ≤ min ≤ max ≤ ${MAX_CHAR_NGRAM}, got [${lo}, ${hi}]`);
    }
  }
  const idf = fitted?.idf ?? null;
  if (idf && idf.length !== dim) throw new RangeError(`idf has ${idf.length} weights for dim ${dim}`);
  return {
    kind: 'hashed-ngrams',
    version: 1,
    dim,
    wordNgramMax,
    charNgramRange: range ? [range[0], range[1]] : null,
    // A restored config without the field featurized whole texts and must keep doing so.
    charNgramMaxChars: options.charNgramMaxChars !== undefined ? options.charNgramMaxChars : fitted ? null : DEFAULT_CHAR_NGRAM_MAX_CHARS,
    sublinearTf: options.sublinearTf ?? true,
    useIdf: options.useIdf ?? true,
    seed: (options.seed ?? 0) | 0,
    idf: idf ? idf.slice() : null,
    fittedDocCount: fitted?.fittedDocCount ?? 0,
  };
}

/**
 * Signed feature hashing (Weinberger et al. 2009) of word unigrams/bigrams and
 * boundary-padded character n-grams, sublinear TF, smoothed IDF, L2 norm.
 * Plain typed arrays, no tensors, no per-token string allocation.
 */
export function createHashedNgramFeaturizer(options: HashedNgramsOptions, fitted?: HashedNgramsConfig): Featurizer {
  const config = resolveConfig(options, fitted);
  const { dim, wordNgramMax, sublinearTf, useIdf } = config;
  const mask = dim - 1;
  const seed = config.seed;
  const wordSeed = seed ^ WORD_SALT;
  const bigramSeed = seed ^ BIGRAM_SALT;
  const charSeed = seed ^ CHAR_SALT;
  const charMin = config.charNgramRange?.[0] ?? 0;
  const charMax = config.charNgramRange?.[1] ?? 0;
  const charLimit = config.charNgramMaxChars ?? Number.POSITIVE_INFINITY;

  let idf: Float32Array | null = config.idf ? Float32Array.from(config.idf) : null;
  let fittedDocCount = config.fittedDocCount;

  // Scratch reused across texts: signed counts per bucket, a stamp marking which
  // buckets the current text touched (no per-text clearing of `dim` slots), and
  // the list of touched buckets.
  const counts = new Int32Array(dim);
  const stamps = new Uint32Array(dim);
  let touched = new Int32Array(256);
  let touchedCount = 0;
  let stamp = 0;
  let wordUnits = new Uint16Array(64);
  let values = new Float64Array(256);

  const addFeature = (hash: number): void => {
    const bucket = hash & mask;
    const sign = hash < 0 ? -1 : 1;
    if (stamps[bucket] !== stamp) {
      stamps[bucket] = stamp;
      counts[bucket] = sign;
      touched = growTypedArray(touched, touchedCount, touchedCount + 1);
      touched[touchedCount++] = bucket;
    } else {
      counts[bucket] = counts[bucket]! + sign;
    }
  };

  const addCharNgrams = (text: string, start: number, end: number): void => {
    const padded = end - start + 2;
    if (wordUnits.length < padded) wordUnits = new Uint16Array(padded * 2);
    wordUnits[0] = BOUNDARY_UNIT;
    for (let i = start; i < end; i++) wordUnits[i - start + 1] = text.charCodeAt(i);
    wordUnits[padded - 1] = BOUNDARY_UNIT;
    // One pass per start position; every prefix of length charMin..charMax is an n-gram.
    const lastStart = padded - charMin;
    for (let p = 0; p <= lastStart; p++) {
      const stop = Math.min(charMax, padded - p);
      let h = charSeed;
      for (let n = 1; n <= stop; n++) {
        h = mixHashBlock(h, wordUnits[p + n - 1]!);
        if (n >= charMin) addFeature(finalizeHash(h, n));
      }
    }
  };

  /** Fills `counts`/`touched` for one text; returns the number of touched buckets. */
  const countFeatures = (raw: string): number => {
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) stamps.fill(0);
    touchedCount = 0;
    const text = raw.toLowerCase();
    const length = text.length;
    let previousWord = 0;
    let hasPrevious = false;
    let i = 0;
    while (i < length) {
      const kind = classifyUnit(text.charCodeAt(i));
      if (kind === UnitClass.Separator) {
        i++;
        continue;
      }
      const start = i;
      if (kind === UnitClass.Astral) {
        i += i + 1 < length ? 2 : 1;
      } else {
        while (i < length && classifyUnit(text.charCodeAt(i)) === UnitClass.Word) i++;
      }
      let h = wordSeed;
      for (let j = start; j < i; j++) h = mixHashBlock(h, text.charCodeAt(j));
      const word = finalizeHash(h, i - start);
      addFeature(word);
      if (wordNgramMax === 2 && hasPrevious) {
        addFeature(finalizeHash(mixHashBlock(mixHashBlock(bigramSeed, previousWord), word), 2));
      }
      previousWord = word;
      hasPrevious = true;
      if (charMax > 0 && kind === UnitClass.Word && start < charLimit) addCharNgrams(text, start, i);
    }
    return touchedCount;
  };

  const countDocumentFrequency = (count: number, documentFrequency: Float64Array): void => {
    for (let t = 0; t < count; t++) {
      const bucket = touched[t]!;
      if (counts[bucket] !== 0) documentFrequency[bucket]!++;
    }
  };

  const setIdf = (documentFrequency: Float64Array, docCount: number): void => {
    const fittedIdf = new Float32Array(dim);
    // sklearn's smooth_idf: as if one extra document contained every term once.
    for (let b = 0; b < dim; b++) fittedIdf[b] = Math.log((1 + docCount) / (1 + documentFrequency[b]!)) + 1;
    idf = fittedIdf;
    fittedDocCount = docCount;
  };

  const fit = (texts: Iterable<string>): void => {
    const documentFrequency = new Float64Array(dim);
    let docCount = 0;
    for (const text of texts) {
      countDocumentFrequency(countFeatures(text), documentFrequency);
      docCount++;
    }
    setIdf(documentFrequency, docCount);
  };

  /**
   * fit(texts + extra) then transformSparse(texts), reading each of `texts` once: its raw
   * counts are kept until the IDF is known. Hashing long texts is most of a training's
   * featurizing time, so this saves nearly half of it.
   */
  const fitTransformSparse = (texts: readonly string[], extra: Iterable<string> = []): CsrRows => {
    const documentFrequency = new Float64Array(dim);
    const offsets = new Int32Array(texts.length + 1);
    let columns = new Int32Array(Math.max(256, texts.length * 64));
    let rawCounts = new Int32Array(columns.length);
    let at = 0;
    for (let row = 0; row < texts.length; row++) {
      const count = countFeatures(texts[row]!);
      countDocumentFrequency(count, documentFrequency);
      columns = growTypedArray(columns, at, at + count);
      rawCounts = growTypedArray(rawCounts, at, at + count);
      for (let t = 0; t < count; t++) {
        const bucket = touched[t]!;
        if (counts[bucket] === 0) continue;
        columns[at] = bucket;
        rawCounts[at++] = counts[bucket]!;
      }
      offsets[row + 1] = at;
    }
    let docCount = texts.length;
    for (const text of extra) {
      countDocumentFrequency(countFeatures(text), documentFrequency);
      docCount++;
    }
    if (useIdf) setIdf(documentFrequency, docCount);
    const rowValues = new Float32Array(at);
    for (let row = 0; row < texts.length; row++) {
      const start = offsets[row]!;
      const length = offsets[row + 1]! - start;
      if (values.length < length) values = new Float64Array(length);
      let sumSquares = 0;
      for (let t = 0; t < length; t++) {
        const c = rawCounts[start + t]!;
        let value = sublinearTf ? computeSublinearTf(c) : c;
        if (idf) value *= idf[columns[start + t]!]!;
        values[t] = value;
        sumSquares += value * value;
      }
      const scale = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
      for (let t = 0; t < length; t++) rowValues[start + t] = values[t]! * scale;
    }
    return { rows: texts.length, cols: dim, offsets, columns: columns.slice(0, at), values: rowValues };
  };

  /** Weights of the `count` buckets countFeatures touched, into `values` (TF, then IDF); returns their sum of squares. */
  const weighTouched = (count: number): number => {
    if (values.length < count) values = new Float64Array(touched.length);
    let sumSquares = 0;
    for (let t = 0; t < count; t++) {
      const bucket = touched[t]!;
      const c = counts[bucket]!;
      let value = c === 0 ? 0 : sublinearTf ? computeSublinearTf(c) : c;
      if (idf) value *= idf[bucket]!;
      values[t] = value;
      sumSquares += value * value;
    }
    return sumSquares;
  };

  const transform = (texts: readonly string[], out?: Float32Array): Float32Array => {
    if (useIdf && !idf) throw new Error('hashed-ngrams featurizer uses IDF: call fit() or restore a fitted config first');
    const size = texts.length * dim;
    let target: Float32Array;
    if (out) {
      if (out.length < size) throw new RangeError(`output holds ${out.length} values, needs ${size}`);
      target = out;
      target.fill(0, 0, size);
    } else {
      target = new Float32Array(size);
    }
    for (let row = 0; row < texts.length; row++) {
      const count = countFeatures(texts[row]!);
      const sumSquares = weighTouched(count);
      if (sumSquares === 0) continue;
      const scale = 1 / Math.sqrt(sumSquares);
      const offset = row * dim;
      // Write each bucket once: touching the dense row is the dominant cost at large dims.
      for (let t = 0; t < count; t++) target[offset + touched[t]!] = values[t]! * scale;
    }
    return target;
  };

  const transformSparse = (texts: readonly string[]): CsrRows => {
    if (useIdf && !idf) throw new Error('hashed-ngrams featurizer uses IDF: call fit() or restore a fitted config first');
    const offsets = new Int32Array(texts.length + 1);
    let columns = new Int32Array(Math.max(256, texts.length * 64));
    let rowValues = new Float32Array(columns.length);
    let at = 0;
    for (let row = 0; row < texts.length; row++) {
      const count = countFeatures(texts[row]!);
      const sumSquares = weighTouched(count);
      columns = growTypedArray(columns, at, at + count);
      rowValues = growTypedArray(rowValues, at, at + count);
      if (sumSquares > 0) {
        const scale = 1 / Math.sqrt(sumSquares);
        for (let t = 0; t < count; t++) {
          // Signed hashing can cancel a bucket to zero; the dense form has no entry there either.
          if (values[t] === 0) continue;
          columns[at] = touched[t]!;
          rowValues[at++] = values[t]! * scale;
        }
      }
      offsets[row + 1] = at;
    }
    return { rows: texts.length, cols: dim, offsets, columns: columns.slice(0, at), values: rowValues.slice(0, at) };
  };

  return {
    kind: 'hashed-ngrams',
    dim,
    get isFitted() {
      return !useIdf || idf !== null;
    },
    fit,
    fitTransformSparse,
    transform,
    transformSparse,
    toConfig: () => ({
      ...config,
      charNgramRange: config.charNgramRange ? [config.charNgramRange[0], config.charNgramRange[1]] : null,
      idf: idf ? Array.from(idf) : null,
      fittedDocCount,
    }),
  };
}
