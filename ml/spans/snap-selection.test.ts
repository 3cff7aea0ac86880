import { describe, expect, it } from 'vitest';
import { moveSpanEdge, snapSelectionToTokens } from './snap-selection';
import { HARD_TEXT, HARD_TEXT_TOKENS } from './text-geometry.fixtures';
import { tokenizeText } from './tokenize-text';

//            0         1         2         3
//            0123456789012345678901234567890123456
const TEXT = 'Ada Lovelace met  Charles Babbage.';
const TOKENS = tokenizeText(TEXT); // Ada 0–3, Lovelace 4–12, met 13–16, Charles 18–25, Babbage 26–33, . 33–34

describe('snapSelectionToTokens', () => {
  it('widens a selection to the whole words it touches', () => {
    expect(snapSelectionToTokens(TOKENS, 1, 6)).toEqual({ start: 0, end: 12 }); // "da Lo" → "Ada Lovelace"
    expect(snapSelectionToTokens(TOKENS, 20, 28)).toEqual({ start: 18, end: 33 });
  });

  it('trims surrounding whitespace, and accepts right-to-left selections', () => {
    expect(snapSelectionToTokens(TOKENS, 16, 26)).toEqual({ start: 18, end: 25 }); // "  Charles " → "Charles"
    expect(snapSelectionToTokens(TOKENS, 25, 16)).toEqual({ start: 18, end: 25 });
  });

  it('does not take a token it only touches at an edge', () => {
    expect(snapSelectionToTokens(TOKENS, 26, 33)).toEqual({ start: 26, end: 33 }); // the "." at 33 is not taken
  });

  it('snaps a caret to its word, and whitespace to nothing', () => {
    expect(snapSelectionToTokens(TOKENS, 5, 5)).toEqual({ start: 4, end: 12 });
    expect(snapSelectionToTokens(TOKENS, 12, 12)).toEqual({ start: 4, end: 12 });
    expect(snapSelectionToTokens(TOKENS, 16, 18)).toBeNull(); // the two spaces
    expect(snapSelectionToTokens(TOKENS, 17, 17)).toBeNull();
  });

  it('never ends inside an emoji or a combining sequence', () => {
    expect(snapSelectionToTokens(HARD_TEXT_TOKENS, 5, 18)).toEqual({ start: 3, end: 22 });
    expect(snapSelectionToTokens(HARD_TEXT_TOKENS, 24, 30)).toEqual({ start: 23, end: 33 });
    expect(HARD_TEXT.slice(23, 33)).toBe('👍🏽\r\n𝒜bc');
  });
});

describe('moveSpanEdge', () => {
  const lovelace = { start: 4, end: 12 };

  it('grows and shrinks the end by one word', () => {
    expect(moveSpanEdge(TOKENS, lovelace, 'end', 'forward')).toEqual({ start: 4, end: 16 });
    expect(moveSpanEdge(TOKENS, { start: 4, end: 25 }, 'end', 'backward')).toEqual({ start: 4, end: 16 });
  });

  it('grows and shrinks the start by one word', () => {
    expect(moveSpanEdge(TOKENS, lovelace, 'start', 'backward')).toEqual({ start: 0, end: 12 });
    expect(moveSpanEdge(TOKENS, { start: 0, end: 16 }, 'start', 'forward')).toEqual({ start: 4, end: 16 });
  });

  it('keeps at least one token and stops at the ends of the text', () => {
    expect(moveSpanEdge(TOKENS, lovelace, 'end', 'backward')).toEqual(lovelace);
    expect(moveSpanEdge(TOKENS, lovelace, 'start', 'forward')).toEqual(lovelace);
    expect(moveSpanEdge(TOKENS, { start: 0, end: 3 }, 'start', 'backward')).toEqual({ start: 0, end: 3 });
    expect(moveSpanEdge(TOKENS, { start: 26, end: 34 }, 'end', 'forward')).toEqual({ start: 26, end: 34 });
  });

  it('steps over whole emoji', () => {
    expect(moveSpanEdge(HARD_TEXT_TOKENS, { start: 0, end: 2 }, 'end', 'forward')).toEqual({ start: 0, end: 11 });
    expect(moveSpanEdge(HARD_TEXT_TOKENS, { start: 17, end: 22 }, 'start', 'backward')).toEqual({ start: 12, end: 22 });
  });
});
