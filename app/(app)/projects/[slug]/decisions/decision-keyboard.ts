/**
 * What a key press means on the decisions screen. No label has a hotkey here (choosing another label
 * needs a reason), so letters name the answers.
 */
export type TDecisionKeyAction =
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'approve' }
  | { kind: 'override' }
  | { kind: 'reject' }
  | { kind: 'escalate' }
  | { kind: 'help' }
  | { kind: 'close' }
  | { kind: 'none' };

export type TDecisionKeyPress = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };

const ANSWER_KEYS: Record<string, TDecisionKeyAction> = {
  a: { kind: 'approve' },
  o: { kind: 'override' },
  r: { kind: 'reject' },
  e: { kind: 'escalate' },
};

export function resolveDecisionKey(press: TDecisionKeyPress): TDecisionKeyAction {
  if (press.ctrlKey || press.metaKey || press.altKey) return { kind: 'none' };
  switch (press.key) {
    case 'ArrowDown':
    case 'j':
      return { kind: 'next' };
    case 'ArrowUp':
    case 'k':
      return { kind: 'previous' };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'close' };
  }
  if (press.shiftKey) return { kind: 'none' };
  return ANSWER_KEYS[press.key] ?? { kind: 'none' };
}

export const DECISION_KEY_ROWS: readonly (readonly [string, string])[] = [
  ['↓ / ↑ (j / k)', 'Next / previous case in the queue'],
  ['a', 'Approve the suggestion (or, with a label chosen, decide it)'],
  ['o', 'Override: choose another label and give a reason'],
  ['r', 'Reject: give a reason'],
  ['e', 'Escalate to a second reviewer: give a reason'],
  ['?', 'Show or hide this help'],
  ['Esc', 'Close this help'],
];
