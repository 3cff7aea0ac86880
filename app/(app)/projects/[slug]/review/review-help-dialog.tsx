'use client';

import { KeysDialog } from '@/app/_components/keys-dialog';
import { describeHotkey } from '../label/keyboard';

/** The review keys; `kind` says what a final answer is (one label, a set of labels, or spans). */
export function ReviewHelpDialog({
  labels,
  kind,
  onClose,
}: {
  labels: readonly { id: number; name: string; hotkey: string }[];
  kind: 'label' | 'set' | 'spans';
  onClose: () => void;
}) {
  const answerRows: [string, string][] =
    kind === 'set'
      ? [
          ['Enter', 'Set the final labels to the chosen ones, or accept them when unchanged'],
          ...labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Choose “${label.name}” for the final labels, or unchoose it`]),
        ]
      : kind === 'spans'
        ? [['Enter', 'Set the final spans as edited, or accept them when unchanged']]
        : [
            ['Enter', 'Accept the item’s final label (when it has one)'],
            ...labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Set the final label to “${label.name}”`]),
          ];
  const rows: [string, string][] = [
    ['↓ / ↑', 'Next / previous item in the queue'],
    ...answerRows,
    ['Space', 'Select or unselect this item for a bulk accept'],
    ['Shift+Enter', 'Accept the final labels of the selected items'],
    ['?', 'Show or hide this help'],
    ['Esc', 'Close this help'],
  ];
  return <KeysDialog title="Review keys" headingId="review-help-heading" rows={rows} onClose={onClose} />;
}
