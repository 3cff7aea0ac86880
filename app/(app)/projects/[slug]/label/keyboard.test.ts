import { describe, expect, it } from 'vitest';
import { describeHotkey, resolveKey } from './keyboard';

const labels = [
  { id: 10, hotkey: '1' },
  { id: 11, hotkey: 'a' },
  { id: 12, hotkey: 'A' },
];
const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...modifiers,
});

describe('labeling keys', () => {
  it('maps hotkeys to labels, case-sensitively (upper case is Shift+letter)', () => {
    expect(resolveKey(press('1'), labels)).toEqual({ kind: 'label', labelId: 10 });
    expect(resolveKey(press('a'), labels)).toEqual({ kind: 'label', labelId: 11 });
    expect(resolveKey(press('A'), labels)).toEqual({ kind: 'label', labelId: 12 });
    expect(resolveKey(press('2'), labels)).toEqual({ kind: 'none' });
  });

  it('keeps actions on keys no label can use', () => {
    expect(resolveKey(press(' '), labels)).toEqual({ kind: 'skip' });
    expect(resolveKey(press('Backspace'), labels)).toEqual({ kind: 'undo' });
    expect(resolveKey(press('z', { ctrlKey: true }), labels)).toEqual({ kind: 'undo' });
    expect(resolveKey(press('z', { metaKey: true }), labels)).toEqual({ kind: 'undo' });
    expect(resolveKey(press('?'), labels)).toEqual({ kind: 'help' });
    expect(resolveKey(press('Enter'), labels)).toEqual({ kind: 'submitChosen' });
    expect(resolveKey(press('-'), labels)).toEqual({ kind: 'noneOfThese' });
    expect(resolveKey(press('Escape'), labels)).toEqual({ kind: 'close' });
    expect(resolveKey(press('*'), labels)).toEqual({ kind: 'highlight' });
    expect(resolveKey(press('#'), labels)).toEqual({ kind: 'editHighlights' });
    expect(resolveKey(press('~'), labels)).toEqual({ kind: 'source' });
  });

  it('leaves browser shortcuts alone', () => {
    expect(resolveKey(press('a', { ctrlKey: true }), labels)).toEqual({ kind: 'none' });
    expect(resolveKey(press('1', { altKey: true }), labels)).toEqual({ kind: 'none' });
  });

  it('writes upper-case hotkeys as Shift+letter', () => {
    expect(describeHotkey('A')).toBe('Shift+A');
    expect(describeHotkey('a')).toBe('a');
    expect(describeHotkey('7')).toBe('7');
  });
});
