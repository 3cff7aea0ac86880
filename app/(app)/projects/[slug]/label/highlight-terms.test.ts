import { describe, expect, it } from 'vitest';
import { parseTermList, splitByTerms } from './highlight-terms';

describe('highlight words', () => {
  it('marks whole words case-insensitively, longest phrase first, and loses no character', () => {
    const text = 'CLICK HERE to unsubscribe. Clicking is free; click now!';
    const segments = splitByTerms(text, [
      { term: 'click', labelId: 1 },
      { term: 'click here', labelId: 2 },
      { term: 'free', labelId: 1 },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    expect(segments.filter((segment) => segment.labelId !== null)).toEqual([
      { text: 'CLICK HERE', labelId: 2 },
      { text: 'free', labelId: 1 },
      { text: 'click', labelId: 1 },
    ]);
  });

  it('treats terms as text, not patterns, and handles accents', () => {
    const segments = splitByTerms('Pay $100 (now) or café later', [
      { term: '$100', labelId: 3 },
      { term: '(now)', labelId: 3 },
      { term: 'café', labelId: 4 },
      { term: '.*', labelId: 5 },
    ]);
    expect(segments.filter((segment) => segment.labelId !== null).map((segment) => segment.text)).toEqual(['$100', '(now)', 'café']);
  });

  it('returns the text whole when there is nothing to mark', () => {
    expect(splitByTerms('plain', [])).toEqual([{ text: 'plain', labelId: null }]);
    expect(splitByTerms('plain', [{ term: '  ', labelId: 1 }])).toEqual([{ text: 'plain', labelId: null }]);
  });

  it('reads a typed list: commas or lines, trimmed, without repeats', () => {
    expect(parseTermList(' viagra,  Click  here \nclick HERE,, winner ')).toEqual(['viagra', 'Click here', 'winner']);
    expect(parseTermList(Array.from({ length: 40 }, (_, i) => `w${i}`).join(','))).toHaveLength(30);
  });
});
