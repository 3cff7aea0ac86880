import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen-ids';

describe('SeenIds', () => {
  it('tells a repeated id from a new one, with the row it was first seen on, through many growths', () => {
    const seen = new SeenIds(4);
    const ids = Array.from({ length: 200_000 }, (_, n) => (n % 3 === 0 ? `t${n}` : n % 3 === 1 ? String(n) : `ïd-${n}-${'x'.repeat(n % 40)}`));
    ids.forEach((id, index) => expect.soft(seen.firstRowOf(id, index + 1)).toBeNull());
    // Ids that differ in one character or only in order, and the empty-ish ones.
    for (const id of ['t0x', '0t', 'T0', '', ' ', 'ab', 'ba']) expect(seen.firstRowOf(id, 999_999)).toBeNull();
    expect(seen.firstRowOf('ab', 1_000_000)).toBe(999_999);
    expect(seen.firstRowOf('t0', 1_000_001)).toBe(1);
    expect(seen.firstRowOf('ïd-199997-' + 'x'.repeat(199_997 % 40), 1_000_002)).toBe(199_998);
    expect(seen.firstRowOf('100000', 1_000_003)).toBe(100_001);
  });

  it('counts row 0 as a row', () => {
    const seen = new SeenIds();
    expect(seen.firstRowOf('a', 0)).toBeNull();
    expect(seen.firstRowOf('a', 5)).toBe(0);
  });
});
