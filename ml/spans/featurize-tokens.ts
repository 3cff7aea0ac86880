import type { CsrRows } from '../csr-rows';
import { growTypedArray } from '../grow-typed-array';
import { hashString } from '../features/hash';
import type { TToken } from './span-types';

/** Stored with a tagger so prediction hashes exactly as training did. */
export type TTokenFeatureConfig = { kind: 'span-token-features'; version: 1; dim: number; seed: number };

export const DEFAULT_TOKEN_FEATURE_DIM = 2 ** 18;

const MAX_AFFIX = 3;
const MAX_SHAPE_LENGTH = 8;
const BOUNDARY = '\u0002';

// One salt per feature family, so "paris" as the word and "paris" as the next word never share a bucket by construction.
const enum Family {
  Bias = 1,
  Word,
  Lower,
  Shape,
  Prefix,
  Suffix,
  Neighbour,
  NeighbourShape,
  Bigram,
}

export function createTokenFeatureConfig(options: { dim?: number; seed?: number } = {}): TTokenFeatureConfig {
  const dim = options.dim ?? DEFAULT_TOKEN_FEATURE_DIM;
  if (!Number.isInteger(dim) || dim < 16 || (dim & (dim - 1)) !== 0) throw new RangeError(`dim must be a power of two ≥ 16, got ${dim}`);
  return { kind: 'span-token-features', version: 1, dim, seed: (options.seed ?? 0) | 0 };
}

/**
 * A token's shape: uppercase X, lowercase x, digit d, other characters kept, runs of one class
 * collapsed ("McDonald's" → "XxXx'x", "1871" → "d", "U.S." → "X.X."): capitalisation and digit
 * patterns carry most of what marks a name or a date in unseen words.
 */
export function describeTokenShape(word: string): string {
  let shape = '';
  for (const char of word) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    const kind = /\p{Nd}/u.test(char) ? 'd' : lower !== upper ? (char === upper ? 'X' : 'x') : char;
    if (!shape.endsWith(kind) || !'Xxd'.includes(kind)) shape += kind;
    if (shape.length >= MAX_SHAPE_LENGTH) break;
  }
  return shape;
}

/**
 * One compressed row per token: signed hashed indicator features (Weinberger et al. 2009) of the
 * token (its form, lowercase, shape, 1–3-character prefixes and suffixes of the lowercase form),
 * its lowercase neighbours at −2, −1, +1, +2 (BOUNDARY past either end), the neighbours' shapes at
 * ±1 and the lowercase bigram with the previous token, plus a bias. Values are 1/√(feature count),
 * so every row has unit L2 norm like the hashed text rows the softmax regression's C was tuned on.
 */
export function featurizeTokens(text: string, tokens: readonly TToken[], config: TTokenFeatureConfig): CsrRows {
  const builder = createRowBuilder(config);
  builder.addText(text, tokens);
  return builder.finish();
}

export type TRowBuilder = { addText(text: string, tokens: readonly TToken[]): void; finish(): CsrRows };

/** Rows of many texts appended into one CsrRows, for training on a whole project or scoring a pool. */
export function createRowBuilder(config: TTokenFeatureConfig): TRowBuilder {
  const mask = config.dim - 1;
  let offsets = new Int32Array(1024);
  let columns = new Int32Array(16_384);
  let values = new Float32Array(16_384);
  let rows = 0;
  let at = 0;
  const hashFeature = (family: Family, value: string): number => hashString(value, config.seed ^ Math.imul(family, 0x9e3779b1));
  const rowColumns = new Map<number, number>();

  const addText = (text: string, tokens: readonly TToken[]) => {
    const words = tokens.map((token) => text.slice(token.start, token.end));
    const lowers = words.map((word) => word.toLowerCase());
    const shapes = words.map(describeTokenShape);
    const neighbour = (t: number) => (t < 0 || t >= tokens.length ? BOUNDARY : lowers[t]!);
    const neighbourShape = (t: number) => (t < 0 || t >= tokens.length ? BOUNDARY : shapes[t]!);
    for (let t = 0; t < tokens.length; t++) {
      rowColumns.clear();
      const hashes: number[] = [hashFeature(Family.Bias, ''), hashFeature(Family.Word, words[t]!), hashFeature(Family.Lower, lowers[t]!), hashFeature(Family.Shape, shapes[t]!)];
      const codePoints = Array.from(lowers[t]!);
      for (let n = 1; n <= Math.min(MAX_AFFIX, codePoints.length); n++) {
        hashes.push(hashFeature(Family.Prefix, codePoints.slice(0, n).join('')));
        hashes.push(hashFeature(Family.Suffix, codePoints.slice(-n).join('')));
      }
      for (const offset of [-2, -1, 1, 2]) hashes.push(hashFeature(Family.Neighbour, `${offset}${BOUNDARY}${neighbour(t + offset)}`));
      for (const offset of [-1, 1]) hashes.push(hashFeature(Family.NeighbourShape, `${offset}${BOUNDARY}${neighbourShape(t + offset)}`));
      hashes.push(hashFeature(Family.Bigram, `${neighbour(t - 1)}${BOUNDARY}${lowers[t]}`));
      const scale = 1 / Math.sqrt(hashes.length);
      for (const hash of hashes) {
        const column = hash & mask;
        rowColumns.set(column, (rowColumns.get(column) ?? 0) + (hash < 0 ? -scale : scale));
      }
      columns = growTypedArray(columns, at, at + rowColumns.size);
      values = growTypedArray(values, at, at + rowColumns.size);
      for (const [column, value] of rowColumns) {
        if (value === 0) continue; // signed collisions can cancel
        columns[at] = column;
        values[at++] = value;
      }
      offsets = growTypedArray(offsets, rows + 1, rows + 2);
      offsets[++rows] = at;
    }
  };
  return { addText, finish: () => ({ rows, cols: config.dim, offsets: offsets.slice(0, rows + 1), columns: columns.slice(0, at), values: values.slice(0, at) }) };
}
