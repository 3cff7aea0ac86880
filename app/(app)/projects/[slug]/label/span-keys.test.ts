import { describe, expect, it } from 'vitest';
import { resolveKey } from './keyboard';
import { describeSpanKeys, resolveSpanKey, type TSpanKeyContext } from './span-keys';

const LABELS = [
  { id: 1, hotkey: '1' },
  { id: 2, hotkey: 'p' },
  { id: 3, hotkey: 'P' },
];

function press(key: string, modifiers: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) {
  return { key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...modifiers };
}

const IDLE: TSpanKeyContext = { labels: LABELS, hasSelection: false, hasClearable: false, canSubmit: true };
const SELECTED: TSpanKeyContext = { ...IDLE, hasSelection: true, hasClearable: true };

describe('resolveSpanKey', () => {
  it('maps arrows, shift and alt+shift arrows, and label hotkeys (upper case included)', () => {
    expect(resolveSpanKey(press('ArrowRight'), IDLE)).toEqual({ kind: 'moveCursor', direction: 'forward' });
    expect(resolveSpanKey(press('ArrowLeft', { shiftKey: true }), IDLE)).toEqual({ kind: 'extend', direction: 'backward' });
    expect(resolveSpanKey(press('ArrowLeft', { shiftKey: true, altKey: true }), IDLE)).toEqual({ kind: 'extend', direction: 'backward', edge: 'start' });
    expect(resolveSpanKey(press('P', { shiftKey: true }), IDLE)).toEqual({ kind: 'applyLabel', labelId: 3 });
    expect(resolveSpanKey(press('p'), IDLE)).toEqual({ kind: 'applyLabel', labelId: 2 });
    expect(resolveSpanKey(press(']'), IDLE)).toEqual({ kind: 'stepItem', step: 1 });
    expect(resolveSpanKey(press('Enter'), IDLE)).toEqual({ kind: 'submit' });
  });

  it('leaves the workspace its keys: Space, ?, * # ~, Ctrl/Cmd+Z, and Backspace and Escape when there is nothing to act on', () => {
    for (const key of [' ', '?', '*', '#', '~', 'Backspace', 'Escape', 'Tab']) expect(resolveSpanKey(press(key), IDLE)).toBeNull();
    expect(resolveSpanKey(press('z', { ctrlKey: true }), SELECTED)).toBeNull();
    expect(resolveSpanKey(press('z', { metaKey: true }), SELECTED)).toBeNull();
    expect(resolveSpanKey(press('Enter'), { ...IDLE, canSubmit: false })).toBeNull();
    // The workspace really does own them.
    for (const key of [' ', '?', '*', '#', '~', 'Backspace']) expect(resolveKey(press(key), LABELS).kind).not.toBe('none');
  });

  it('takes Backspace, Delete, Escape and = only with something selected', () => {
    expect(resolveSpanKey(press('Backspace'), SELECTED)).toEqual({ kind: 'deleteSelected' });
    expect(resolveSpanKey(press('Delete'), SELECTED)).toEqual({ kind: 'deleteSelected' });
    expect(resolveSpanKey(press('Escape'), SELECTED)).toEqual({ kind: 'clear' });
    expect(resolveSpanKey(press('='), SELECTED)).toEqual({ kind: 'acceptSuggestion' });
    expect(resolveSpanKey(press('='), IDLE)).toBeNull();
  });

  it('uses no key a label could have, besides the labels’ own', () => {
    const editorKeys = describeSpanKeys([]).flatMap(([keys]) => keys.split(/[\s()]+/));
    for (const key of editorKeys) expect(key).not.toMatch(/^[0-9a-zA-Z]$/);
  });
});
