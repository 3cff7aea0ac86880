'use client';

import { KeysDialog } from '@/app/_components/keys-dialog';
import { UNDO_HISTORY_SIZE, UNDO_WINDOW_SECONDS } from '@/server/routers/label.schema';
import { describeHotkey } from './keyboard';
import { describeSpanKeys } from './span-keys';

export function HelpDialog({
  labels,
  isMultiLabel,
  isSpans,
  onClose,
}: {
  labels: readonly { id: number; name: string; hotkey: string }[];
  isMultiLabel: boolean;
  isSpans: boolean;
  onClose: () => void;
}) {
  const labelRows = isSpans
    ? describeSpanKeys(labels)
    : isMultiLabel
    ? [
        ...labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Choose “${label.name}”, or unchoose it`]),
        ['Enter', 'Send the chosen labels and go to the next item'] as [string, string],
        ['-', 'None of these: send an empty answer and go to the next item'] as [string, string],
      ]
    : labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Label “${label.name}” and go to the next item`]);
  const rows: [string, string][] = [
    ...labelRows,
    ['Space', 'Skip this item (then pick a reason with 1–4)'],
    ['Backspace or Ctrl+Z', `Undo your newest answer, label or skip; again to go further back (your last ${UNDO_HISTORY_SIZE}, for ${UNDO_WINDOW_SECONDS / 60} minutes)`],
    ['*', 'Highlight your highlight words in the text, or stop'],
    ['#', 'Edit your highlight words'],
    ['~', 'Show an HTML e-mail as its source or as readable text'],
    ['?', 'Show or hide this help'],
    ['Esc', 'Close this help or the skip question'],
  ];
  return <KeysDialog title="Keyboard shortcuts" headingId="help-heading" rows={rows} onClose={onClose} />;
}
