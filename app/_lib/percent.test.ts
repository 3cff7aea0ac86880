import { describe, expect, it } from 'vitest';
import { asPercent, shareFromPercent } from './percent';

describe('percentage fields', () => {
  it('show a share to one decimal', () => {
    expect(asPercent(0.05)).toBe(5);
    expect(asPercent(0.0333)).toBe(3.3);
    expect(asPercent(1)).toBe(100);
  });

  it('keep the exact share when the shown value is untouched, and take a new one otherwise', () => {
    expect(shareFromPercent('3.3', 0.0333)).toBe(0.0333);
    expect(shareFromPercent('3.4', 0.0333)).toBeCloseTo(0.034, 10);
    expect(shareFromPercent('0', 0.0333)).toBe(0);
  });
});
