import { describe, expect, it } from 'vitest';
import { createTokenFeatureConfig, describeTokenShape, featurizeTokens } from './featurize-tokens';
import { tokenizeText } from './tokenize-text';

describe('describeTokenShape', () => {
  it('maps classes and collapses runs', () => {
    expect(describeTokenShape("McDonald's")).toBe("XxXx'x");
    expect(describeTokenShape('1871')).toBe('d');
    expect(describeTokenShape('U.S.A')).toBe('X.X.X');
    expect(describeTokenShape('été')).toBe('x');
    expect(describeTokenShape('Émile')).toBe('Xx');
  });
});

describe('featurizeTokens', () => {
  const config = createTokenFeatureConfig({ dim: 2 ** 12, seed: 3 });
  const text = 'Ada met Bob in Paris.';
  const tokens = tokenizeText(text);

  it('gives one unit-norm row per token, the same on every call', () => {
    const rows = featurizeTokens(text, tokens, config);
    expect(rows.rows).toBe(tokens.length);
    for (let r = 0; r < rows.rows; r++) {
      let sumSquares = 0;
      for (let e = rows.offsets[r]!; e < rows.offsets[r + 1]!; e++) sumSquares += rows.values[e]! ** 2;
      // Collisions inside a row may cancel or add, so the norm is 1 up to them.
      expect(sumSquares).toBeGreaterThan(0.8);
      expect(sumSquares).toBeLessThan(1.3);
    }
    expect(featurizeTokens(text, tokens, config)).toEqual(rows);
  });

  it('lets context change a token’s row: the same word in another sentence differs', () => {
    const other = 'We saw Paris today';
    const a = featurizeTokens(text, tokens, config);
    const b = featurizeTokens(other, tokenizeText(other), config);
    const row = (rows: typeof a, r: number) => Array.from(rows.columns.subarray(rows.offsets[r]!, rows.offsets[r + 1]!)).sort();
    expect(row(a, 4)).not.toEqual(row(b, 2)); // "Paris" in both
    const shared = row(a, 4).filter((column) => row(b, 2).includes(column));
    expect(shared.length).toBeGreaterThan(5); // its own form, lowercase, shape and affixes
  });
});
