import { describe, expect, it } from 'vitest';
import { encodeClassLabels, encodeLabelSets, encodeSpanLists } from './encode-oracle-answers';

describe('encoding a file\'s answers for the simulators', () => {
  it('numbers classes and labels in sorted order, whatever order the rows name them in', () => {
    expect(encodeClassLabels(['tech', 'billing', 'tech'])).toEqual({ labels: Int32Array.from([1, 0, 1]), classNames: ['billing', 'tech'] });
    const sets = encodeLabelSets([['weather', 'sports'], [], ['politics', 'weather', 'weather']]);
    expect(sets.labelNames).toEqual(['politics', 'sports', 'weather']);
    // Row-major items × labels, as the multi-label simulator reads `targets`.
    expect([...sets.targets]).toEqual([0, 1, 1, 0, 0, 0, 1, 0, 1]);
    expect(sets.counts).toEqual([1, 1, 2]);
  });

  it('gives spans the id of their label\'s place in the sorted names', () => {
    const encoded = encodeSpanLists([{ spans: [{ start: 0, end: 3, label: 'PER' }, { start: 8, end: 12, label: 'LOC' }] }, { spans: [] }]);
    expect(encoded).toEqual({
      spans: [[{ start: 0, end: 3, labelId: 1 }, { start: 8, end: 12, labelId: 0 }], []],
      labelIds: [0, 1],
      labelNames: ['LOC', 'PER'],
    });
  });
});
