'use client';

import { KeysDialog } from '@/app/_components/keys-dialog';
import { describeHotkey } from '../label/keyboard';

export function ReviewHelpDialog({ labels, onClose }: { labels: readonly { id: number; name: string; hotkey: string }[]; onClose: () => void }) {
  const rows: [string, string][] = [
    ['↓ / ↑', 'Next / previous item in the queue'],
    ['Enter', 'Accept the item’s final label (when it has one)'],
    ...labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Set the final label to “${label.name}”`]),
    ['Space', 'Select or unselect this item for a bulk accept'],
    ['Shift+Enter', 'Accept the final labels of the selected items'],
    ['?', 'Show or hide this help'],
    ['Esc', 'Close this help'],
  ];
  return <KeysDialog title="Review keys" headingId="review-help-heading" rows={rows} onClose={onClose} />;
}
