import { describe, expect, it } from 'vitest';
import { DEFAULT_COLD_START_LABELS_PER_CLASS, isColdStart } from './cold-start';

describe('isColdStart', () => {
  it('holds until every class has k labels', () => {
    // k = 5: a class with 4 labels keeps the project cold.
    expect(isColdStart([5, 5, 4], 5)).toBe(true);
    expect(isColdStart([5, 6, 7], 5)).toBe(false);
    expect(isColdStart([], 5)).toBe(true);
    expect(DEFAULT_COLD_START_LABELS_PER_CLASS).toBe(5);
  });
});
