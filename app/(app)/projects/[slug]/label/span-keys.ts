import { describeHotkey } from './keyboard';
import type { TSpanCommand } from './span-editor-state';

/**
 * What a key press means to the span editor, or null when the key is not the editor's and must
 * reach the workspace untouched. Label hotkeys are digits and letters, and the workspace keeps
 * Space (skip), ? (help), * # ~ (tools), Ctrl/Cmd+Z (undo) and Backspace when no span is
 * selected (undo), so the editor's own keys are arrows, Home/End, [ ], = +, Delete, Escape, Enter.
 */
export type TSpanKeyAction = TSpanCommand | { kind: 'submit' };

export type TSpanKeyPress = { key: string; shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean };

export type TSpanKeyContext = {
  labels: readonly { id: number; hotkey: string }[];
  /** A span or a suggestion is selected. */
  hasSelection: boolean;
  /** Something Escape would clear: a selection, a pending selection or a message. */
  hasClearable: boolean;
  canSubmit: boolean;
};

export function resolveSpanKey(press: TSpanKeyPress, context: TSpanKeyContext): TSpanKeyAction | null {
  if (press.ctrlKey || press.metaKey) return null;
  if (press.key === 'ArrowLeft' || press.key === 'ArrowRight') {
    const direction = press.key === 'ArrowLeft' ? 'backward' : 'forward';
    if (press.altKey) return press.shiftKey ? { kind: 'extend', direction, edge: 'start' } : null;
    return press.shiftKey ? { kind: 'extend', direction } : { kind: 'moveCursor', direction };
  }
  if (press.altKey) return null;
  switch (press.key) {
    case 'Home':
      return { kind: 'moveCursorToEnd', end: 'first' };
    case 'End':
      return { kind: 'moveCursorToEnd', end: 'last' };
    case ']':
      return { kind: 'stepItem', step: 1 };
    case '[':
      return { kind: 'stepItem', step: -1 };
    case '=':
      return context.hasSelection ? { kind: 'acceptSuggestion' } : null;
    case '+':
      return { kind: 'acceptAllSuggestions' };
    case 'Delete':
    case 'Backspace':
      return context.hasSelection ? { kind: 'deleteSelected' } : null;
    case 'Escape':
      return context.hasClearable ? { kind: 'clear' } : null;
    case 'Enter':
      return context.canSubmit ? { kind: 'submit' } : null;
  }
  const label = context.labels.find((candidate) => candidate.hotkey === press.key);
  return label ? { kind: 'applyLabel', labelId: label.id } : null;
}

/**
 * The editor's keys for the help dialog, as KeysDialog rows (keys, what they do); label rows first.
 * Tab and Shift+Tab do what ] and [ do while the text has focus, and leave it past the last span.
 */
export function describeSpanKeys(labels: readonly { name: string; hotkey: string }[]): [string, string][] {
  return [
    ...labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Label the selection (or the word at the cursor) “${label.name}”; on a selected span, change its label to it`]),
    ['← →', 'Move the cursor a word back or forward'],
    ['Home End', 'Move the cursor to the first or the last word'],
    ['Shift+← Shift+→', 'Grow or shrink the selection, or the selected span, by a word'],
    ['Alt+Shift+← Alt+Shift+→', 'Move the start of the selection, or of the selected span, by a word'],
    ['] [ (Tab Shift+Tab in the text)', 'Select the next or the previous span or suggestion'],
    ['Delete or Backspace', 'Delete the selected span, or dismiss the selected suggestion'],
    ['=', 'Accept the selected suggestion'],
    ['+', 'Accept every suggestion'],
    ['Esc', 'Clear the selection'],
    ['Enter', 'Send the spans and go to the next item'],
  ];
}
