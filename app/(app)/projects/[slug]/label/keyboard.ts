/**
 * What a key press means on the labeling screen. Label hotkeys are digits and letters (an upper-case
 * letter is Shift+letter), so every other action uses a key that can never be a label's.
 */
export type TKeyAction =
  | { kind: 'label'; labelId: number }
  | { kind: 'submitChosen' }
  | { kind: 'noneOfThese' }
  | { kind: 'skip' }
  | { kind: 'undo' }
  | { kind: 'help' }
  | { kind: 'highlight' }
  | { kind: 'editHighlights' }
  | { kind: 'source' }
  | { kind: 'close' }
  | { kind: 'none' };

export type TKeyPress = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean };

export const ACTION_KEYS = {
  skip: 'Space',
  undo: 'Backspace',
  help: '?',
  close: 'Esc',
  highlight: '*',
  editHighlights: '#',
  source: '~',
  submitChosen: 'Enter',
  noneOfThese: '-',
} as const;

export function resolveKey(press: TKeyPress, labels: readonly { id: number; hotkey: string }[]): TKeyAction {
  if ((press.ctrlKey || press.metaKey) && !press.altKey && press.key.toLowerCase() === 'z') return { kind: 'undo' };
  if (press.ctrlKey || press.metaKey || press.altKey) return { kind: 'none' };
  if (press.key === '?') return { kind: 'help' };
  if (press.key === '*') return { kind: 'highlight' };
  if (press.key === '#') return { kind: 'editHighlights' };
  if (press.key === '~') return { kind: 'source' };
  if (press.key === 'Escape') return { kind: 'close' };
  if (press.key === ' ') return { kind: 'skip' };
  if (press.key === 'Backspace') return { kind: 'undo' };
  // Multi-label: label keys toggle, Enter sends the chosen set, '-' answers "none of these".
  if (press.key === 'Enter') return { kind: 'submitChosen' };
  if (press.key === '-') return { kind: 'noneOfThese' };
  const label = labels.find((candidate) => candidate.hotkey === press.key);
  return label ? { kind: 'label', labelId: label.id } : { kind: 'none' };
}

/** How a hotkey is written on its button: "a", or "Shift+A" for an upper-case letter. */
export function describeHotkey(hotkey: string): string {
  return /^[A-Z]$/.test(hotkey) ? `Shift+${hotkey}` : hotkey;
}

/** Typing in a field (a custom skip reason) must not label anything. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
