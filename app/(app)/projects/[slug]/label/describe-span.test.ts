import { describe, expect, it } from 'vitest';
import { describeSpan, quoteSpanText } from './describe-span';

describe('quoteSpanText', () => {
  it('quotes short spans whole and cuts long ones before an emoji it would split', () => {
    expect(quoteSpanText('in Paris today', { start: 3, end: 8 })).toBe('“Paris”');
    const text = `${'a'.repeat(39)}👩‍👩‍👧 and more`; // the family emoji spans code units 39–47
    expect(quoteSpanText(text, { start: 0, end: text.length })).toBe(`“${'a'.repeat(39)}…”`);
  });

  it('names the label, or its id when the label is gone', () => {
    expect(describeSpan('in Paris', { start: 3, end: 8, labelId: 2 }, new Map([[2, 'Place']]))).toBe('“Paris” (Place)');
    expect(describeSpan('in Paris', { start: 3, end: 8, labelId: 7 }, new Map())).toBe('“Paris” (label 7)');
  });
});
