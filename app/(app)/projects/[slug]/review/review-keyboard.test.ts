import { describe, expect, it } from 'vitest';
import { resolveReviewKey, stepThrough } from './review-keyboard';

const labels = [
  { id: 10, hotkey: '1' },
  { id: 11, hotkey: 's' },
];
const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('review keys', () => {
  it('chooses labels by their hotkeys, as the labeling screen does', () => {
    expect(resolveReviewKey(press('1'), labels)).toEqual({ kind: 'label', labelId: 10 });
    expect(resolveReviewKey(press('s'), labels)).toEqual({ kind: 'label', labelId: 11 });
    expect(resolveReviewKey(press('S'), labels)).toEqual({ kind: 'none' });
  });

  it('moves, accepts and selects with keys no label can have', () => {
    expect(resolveReviewKey(press('ArrowDown'), labels)).toEqual({ kind: 'next' });
    expect(resolveReviewKey(press('ArrowUp'), labels)).toEqual({ kind: 'previous' });
    expect(resolveReviewKey(press('Enter'), labels)).toEqual({ kind: 'accept' });
    expect(resolveReviewKey(press('Enter', { shiftKey: true }), labels)).toEqual({ kind: 'acceptSelected' });
    expect(resolveReviewKey(press(' '), labels)).toEqual({ kind: 'toggleSelect' });
    expect(resolveReviewKey(press('?'), labels)).toEqual({ kind: 'help' });
    expect(resolveReviewKey(press('Escape'), labels)).toEqual({ kind: 'close' });
    expect(resolveReviewKey(press('1', { ctrlKey: true }), labels)).toEqual({ kind: 'none' });
  });

  it('steps through the queue and stops at its ends', () => {
    expect(stepThrough([5, 7, 9], 7, 1)).toBe(9);
    expect(stepThrough([5, 7, 9], 9, 1)).toBe(9);
    expect(stepThrough([5, 7, 9], 5, -1)).toBe(5);
    expect(stepThrough([5, 7, 9], 42, 1)).toBe(5);
    expect(stepThrough([], 5, 1)).toBeNull();
  });
});
