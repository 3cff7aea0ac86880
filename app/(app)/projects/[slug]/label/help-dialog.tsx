'use client';

import { useEffect, useRef } from 'react';
import { UNDO_HISTORY_SIZE, UNDO_WINDOW_SECONDS } from '@/server/routers/label.schema';
import { describeHotkey } from './keyboard';

export function HelpDialog({ labels, onClose }: { labels: readonly { id: number; name: string; hotkey: string }[]; onClose: () => void }) {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  const rows: [string, string][] = [
    ...labels.map((label): [string, string] => [describeHotkey(label.hotkey), `Label “${label.name}” and go to the next item`]),
    ['Space', 'Skip this item (then pick a reason with 1–4)'],
    ['Backspace or Ctrl+Z', `Undo your newest answer, label or skip; again to go further back (your last ${UNDO_HISTORY_SIZE}, for ${UNDO_WINDOW_SECONDS / 60} minutes)`],
    ['*', 'Highlight your highlight words in the text, or stop'],
    ['#', 'Edit your highlight words'],
    ['~', 'Show an HTML e-mail as its source or as readable text'],
    ['?', 'Show or hide this help'],
    ['Esc', 'Close this help or the skip question'],
  ];
  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-slate-900/40 p-4" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-heading"
        className="max-h-[90vh] w-full max-w-lg overflow-y-auto rounded-lg bg-white p-5 shadow-xl"
        onClick={(event) => event.stopPropagation()}
      >
        <h2 id="help-heading" className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <table className="mt-3 w-full text-sm">
          <tbody>
            {rows.map(([keys, action]) => (
              <tr key={`${keys}-${action}`} className="border-t border-slate-100">
                <td className="py-1.5 pr-3 align-top">
                  <kbd className="whitespace-nowrap rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{keys}</kbd>
                </td>
                <td className="py-1.5">{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={closeButton} type="button" className="btn-secondary mt-4" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
