/**
 * What a key press means on the review screen. Label hotkeys (digits, letters) choose the final label
 * as on the labeling screen, so every other action uses a key no label can have.
 */
export type TReviewKeyAction =
  | { kind: 'label'; labelId: number }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'accept' }
  | { kind: 'toggleSelect' }
  | { kind: 'acceptSelected' }
  | { kind: 'help' }
  | { kind: 'close' }
  | { kind: 'none' };

export type TReviewKeyPress = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };

export function resolveReviewKey(press: TReviewKeyPress, labels: readonly { id: number; hotkey: string }[]): TReviewKeyAction {
  if (press.ctrlKey || press.metaKey || press.altKey) return { kind: 'none' };
  switch (press.key) {
    case 'ArrowDown':
      return { kind: 'next' };
    case 'ArrowUp':
      return { kind: 'previous' };
    case 'Enter':
      return press.shiftKey ? { kind: 'acceptSelected' } : { kind: 'accept' };
    case ' ':
      return { kind: 'toggleSelect' };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'close' };
  }
  const label = labels.find((candidate) => candidate.hotkey === press.key);
  return label ? { kind: 'label', labelId: label.id } : { kind: 'none' };
}

/** The entry `step` places from `currentItemId` in the queue, staying at the ends. */
export function stepThrough(itemIds: readonly number[], currentItemId: number | null, step: 1 | -1): number | null {
  if (itemIds.length === 0) return null;
  const index = currentItemId === null ? -1 : itemIds.indexOf(currentItemId);
  if (index === -1) return itemIds[0] ?? null;
  return itemIds[Math.min(itemIds.length - 1, Math.max(0, index + step))] ?? null;
}
